using Layers.Application.Common.Bodies;
using Layers.Application.Common.Validation;
using Layers.Domain.Common;
using Layers.Domain.Influencers;
using Layers.Domain.Projects;

namespace Layers.Application.Influencers;

/// <summary>
/// The value rules of the influencer fields, shared by create and patch. Each returns the message
/// to report, or null when the value is acceptable.
/// </summary>
public static class InfluencerFieldRules
{
    public const string GenderCannotBeCleared = "Gender cannot be cleared.";
    public const string InvalidLanguage = "Invalid language tag. Expected a well-formed BCP 47 tag such as 'en' or 'es-MX'.";
    public const string LanguageTooLong = "Language tag must be at most 255 characters.";
    public const string InvalidProjectId = "Invalid project id. Expected 'prj_<uuid>'.";

    public static string? Name(BodyValue value) =>
        !value.IsString ? BodyRules.TypeMismatch("string", value)
        : InfluencerName.TryCreate(value.Text, out _, out var error) ? null
        : error;

    /// <summary>On a patch, null asks to clear the gender, which is refused as such.</summary>
    public static string? Gender(BodyValue value) =>
        value.IsNull ? GenderCannotBeCleared : Enum<Domain.Influencers.Gender>(value);

    /// <summary>On a create there is nothing to clear: null is a value of the wrong type, as for name.</summary>
    public static string? NewGender(BodyValue value) => Enum<Domain.Influencers.Gender>(value);

    /// <summary>Null is accepted: it clears the age range.</summary>
    public static string? AgeRange(BodyValue value) =>
        value.IsNull ? null : Enum<Domain.Influencers.AgeRange>(value);

    public static string? BrandVoice(BodyValue value) => Enum<Domain.Influencers.BrandVoice>(value);

    /// <summary>
    /// RFC 5646 (section 4.4.1) lets implementations cap a tag's length; this is the influencers
    /// column's cap, so that a longer well-formed tag is refused here rather than by the database.
    /// </summary>
    public const int MaxLanguageLength = 255;

    public static string? Language(BodyValue value) =>
        !value.IsString ? BodyRules.TypeMismatch("string", value)
        : !LanguageTag.TryCreate(value.Text, out _) ? InvalidLanguage
        : value.Text!.Length > MaxLanguageLength ? LanguageTooLong
        : null;

    public static string? ProjectId(BodyValue value) =>
        !value.IsString ? BodyRules.TypeMismatch("string", value)
        : PrefixedId<ProjectIdKind>.TryParse(value.Text, out _) ? null
        : InvalidProjectId;

    private static string? Enum<TEnum>(BodyValue value)
        where TEnum : struct, System.Enum =>
        !value.IsString ? BodyRules.TypeMismatch("string", value)
        : WireNames.TryParse<TEnum>(value.Text, out _) ? null
        : BodyRules.InvalidEnum(WireNames.All<TEnum>(), value.Text!);
}
