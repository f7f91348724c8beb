using System.Diagnostics.CodeAnalysis;
using Layers.Domain.Common;
using Layers.Domain.Influencers;
using Layers.Domain.Projects;

namespace Layers.Application.Influencers;

/// <summary>
/// A caller's text for each influencer field turned into the field's value, once, with the message
/// to report when it is not one. Any caller that has text (the API's bodies, a command line) uses
/// these; requests then carry the values.
/// </summary>
public static class InfluencerInput
{
    public const string LanguageTooLong = "Language tag must be at most 255 characters.";
    public const string InvalidProjectId = "Invalid project id. Expected 'prj_<uuid>'.";

    /// <summary>
    /// RFC 5646 (section 4.4.1) lets implementations cap a tag's length; this is the influencers
    /// column's cap, so that a longer valid tag is refused here rather than by the database.
    /// </summary>
    public const int MaxLanguageLength = 255;

    public static bool TryName(string text, [NotNullWhen(true)] out InfluencerName? name, [NotNullWhen(false)] out string? error) =>
        InfluencerName.TryCreate(text, out name, out error);

    public static bool TryEnum<TEnum>(string text, out TEnum value, [NotNullWhen(false)] out string? error)
        where TEnum : struct, Enum
    {
        if (WireNames.TryParse<TEnum>(text, out var parsed))
        {
            (value, error) = (parsed.Value, null);
            return true;
        }

        (value, error) = (default, InvalidEnum(WireNames.All<TEnum>(), text));
        return false;
    }

    /// <summary>A valid tag (the Domain's rule, whose message names what is wrong) within the column's cap.</summary>
    public static bool TryLanguage(string text, [NotNullWhen(true)] out LanguageTag? language, [NotNullWhen(false)] out string? error)
    {
        if (LanguageTag.TryCreate(text, out language, out error) && text.Length > MaxLanguageLength)
        {
            (language, error) = (null, LanguageTooLong);
        }

        return language is not null;
    }

    public static bool TryProjectId(string text, [NotNullWhen(true)] out ProjectId? projectId, [NotNullWhen(false)] out string? error)
    {
        error = ProjectId.TryParse(text, out projectId) ? null : InvalidProjectId;
        return error is null;
    }

    /// <summary>The one message for a value outside an enum, listing the accepted values.</summary>
    public static string InvalidEnum(IReadOnlyList<string> accepted, string received) =>
        $"Invalid enum value. Expected {string.Join(" | ", accepted.Select(name => $"'{name}'"))}, received '{received}'";
}
