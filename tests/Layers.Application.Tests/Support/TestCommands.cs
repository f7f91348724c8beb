using Layers.Application.Common.Concurrency;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Commands.CreateInfluencer;
using Layers.Application.Influencers.Commands.PatchInfluencer;
using Layers.Domain.Influencers;

namespace Layers.Application.Tests.Support;

/// <summary>Commands from field names and texts, as a caller that reads text would build them; null is JSON's null.</summary>
public static class TestCommands
{
    public static (string Field, string? Text)[] Fields(params (string Field, string? Text)[] fields) => fields;

    public static PatchInfluencerCommand Patch(string id, VersionPrecondition? precondition, params (string Field, string? Text)[] fields)
    {
        var command = new PatchInfluencerCommand(InfluencerId.TryParse(id, out var parsed) ? parsed : null) { Precondition = precondition };
        foreach (var (field, text) in fields)
        {
            command = field switch
            {
                InfluencerFields.Name => command with { Name = Name(text!) },
                InfluencerFields.Gender => command with { Gender = text is null ? null : Enum<Gender>(text) },
                InfluencerFields.AgeRange => command with { AgeRange = text is null ? null : Enum<AgeRange>(text) },
                InfluencerFields.BrandVoice => command with { BrandVoice = Enum<BrandVoice>(text!) },
                InfluencerFields.Language => command with { Language = Language(text!) },
                _ => throw new ArgumentException($"No field '{field}'.", nameof(fields)),
            };
        }

        return command;
    }

    public static CreateInfluencerCommand Create(params (string Field, string? Text)[] fields)
    {
        var command = new CreateInfluencerCommand(null, null, null);
        foreach (var (field, text) in fields)
        {
            command = field switch
            {
                InfluencerFields.ProjectId => command with { ProjectId = InfluencerInput.TryProjectId(text!, out var id, out var error) ? id : throw new ArgumentException(error) },
                InfluencerFields.Name => command with { Name = Name(text!) },
                InfluencerFields.Gender => command with { Gender = Enum<Gender>(text!) },
                InfluencerFields.AgeRange => command with { AgeRange = text is null ? null : Enum<AgeRange>(text) },
                InfluencerFields.BrandVoice => command with { BrandVoice = Enum<BrandVoice>(text!) },
                InfluencerFields.Language => command with { Language = Language(text!) },
                _ => throw new ArgumentException($"No field '{field}'.", nameof(fields)),
            };
        }

        return command;
    }

    private static InfluencerName Name(string text) => InfluencerName.Create(text);

    private static LanguageTag Language(string text) => LanguageTag.Create(text);

    private static TEnum Enum<TEnum>(string text)
        where TEnum : struct, System.Enum =>
        InfluencerInput.TryEnum<TEnum>(text, out var value, out var error) ? value : throw new ArgumentException(error);
}
