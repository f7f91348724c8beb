using System.Diagnostics.CodeAnalysis;
using Layers.Application.Common.Concurrency;
using Layers.Application.Common.Input;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Commands.CloneInfluencer;
using Layers.Application.Influencers.Commands.CreateInfluencer;
using Layers.Application.Influencers.Commands.PatchInfluencer;
using Layers.Domain.Influencers;
using Layers.Domain.Projects;

namespace Layers.Api.Http;

/// <summary>
/// The strict JSON bodies of the influencer routes turned into typed commands. What the JSON
/// itself gets wrong (its shape, unknown fields, a value of the wrong JSON type, a text that is no
/// value of its field) becomes the command's <see cref="InputErrors"/>, reported by the
/// validation step together with the command's own rules, in one answer.
/// </summary>
public static class InfluencerBodies
{
    public const string UnrecognizedField = "Unrecognized field.";

    public static PatchInfluencerCommand ToPatchCommand(JsonObjectBody body, InfluencerId? influencerId, VersionPrecondition? precondition)
    {
        ArgumentNullException.ThrowIfNull(body);
        var errors = new Errors(body);
        var command = new PatchInfluencerCommand(influencerId) { Precondition = precondition };
        foreach (var (field, value) in body.Properties)
        {
            command = field switch
            {
                InfluencerFields.Name when errors.Name(field, value, out var name) => command with { Name = name },
                InfluencerFields.Gender when value.IsNull => command with { Gender = (Gender?)null },
                InfluencerFields.Gender when errors.Enum<Gender>(field, value, out var gender) => command with { Gender = gender },
                InfluencerFields.AgeRange when value.IsNull => command with { AgeRange = (AgeRange?)null },
                InfluencerFields.AgeRange when errors.Enum<AgeRange>(field, value, out var ageRange) => command with { AgeRange = ageRange },
                InfluencerFields.BrandVoice when errors.Enum<BrandVoice>(field, value, out var brandVoice) => command with { BrandVoice = brandVoice },
                InfluencerFields.Language when errors.Language(field, value, out var language) => command with { Language = language },
                InfluencerFields.Name or InfluencerFields.Gender or InfluencerFields.AgeRange or InfluencerFields.BrandVoice or InfluencerFields.Language => command,
                _ => errors.Unrecognized(field, command),
            };
        }

        return command with { InputErrors = errors.ToInputErrors() };
    }

    public static CreateInfluencerCommand ToCreateCommand(JsonObjectBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var errors = new Errors(body);
        var command = new CreateInfluencerCommand(null, null, null);
        foreach (var (field, value) in body.Properties)
        {
            command = field switch
            {
                InfluencerFields.ProjectId when errors.ProjectId(field, value, out var projectId) => command with { ProjectId = projectId },
                InfluencerFields.Name when errors.Name(field, value, out var name) => command with { Name = name },
                InfluencerFields.Gender when errors.Enum<Gender>(field, value, out var gender) => command with { Gender = gender },
                InfluencerFields.AgeRange when value.IsNull => command,
                InfluencerFields.AgeRange when errors.Enum<AgeRange>(field, value, out var ageRange) => command with { AgeRange = ageRange },
                InfluencerFields.BrandVoice when errors.Enum<BrandVoice>(field, value, out var brandVoice) => command with { BrandVoice = brandVoice },
                InfluencerFields.Language when errors.Language(field, value, out var language) => command with { Language = language },
                InfluencerFields.ProjectId or InfluencerFields.Name or InfluencerFields.Gender or InfluencerFields.AgeRange
                    or InfluencerFields.BrandVoice or InfluencerFields.Language => command,
                _ => errors.Unrecognized(field, command),
            };
        }

        return command with { InputErrors = errors.ToInputErrors() };
    }

    /// <summary>A clone's body: the language of the clone, and its name when not the source's.</summary>
    public static CloneInfluencerCommand ToCloneCommand(JsonObjectBody body, InfluencerId? influencerId, VersionPrecondition? precondition)
    {
        ArgumentNullException.ThrowIfNull(body);
        var errors = new Errors(body);
        var command = new CloneInfluencerCommand(influencerId) { Precondition = precondition };
        foreach (var (field, value) in body.Properties)
        {
            command = field switch
            {
                InfluencerFields.Language when errors.Language(field, value, out var language) => command with { Language = language },
                InfluencerFields.Name when errors.Name(field, value, out var name) => command with { Name = name },
                InfluencerFields.Language or InfluencerFields.Name => command,
                _ => errors.Unrecognized(field, command),
            };
        }

        return command with { InputErrors = errors.ToInputErrors() };
    }

    public static string TypeMismatch(string expected, BodyValue received) => $"Expected {expected}, received {received.TypeName}";

    /// <summary>The problems found so far; each parser records its field's and says whether the value is good.</summary>
    private sealed class Errors(JsonObjectBody body)
    {
        private readonly List<KeyValuePair<string, string>> fieldErrors = [];

        public bool Name(string field, BodyValue value, [NotNullWhen(true)] out InfluencerName? name)
        {
            name = null;
            return Text(field, value, out var text) && Check(field, InfluencerInput.TryName(text, out name, out var error), error);
        }

        public bool Enum<TEnum>(string field, BodyValue value, out TEnum parsed)
            where TEnum : struct, System.Enum
        {
            parsed = default;
            return Text(field, value, out var text) && Check(field, InfluencerInput.TryEnum(text, out parsed, out var error), error);
        }

        public bool Language(string field, BodyValue value, [NotNullWhen(true)] out LanguageTag? language)
        {
            language = null;
            return Text(field, value, out var text) && Check(field, InfluencerInput.TryLanguage(text, out language, out var error), error);
        }

        public bool ProjectId(string field, BodyValue value, out ProjectId projectId)
        {
            projectId = default;
            if (!Text(field, value, out var text))
            {
                return false;
            }

            if (InfluencerInput.TryProjectId(text, out var parsed, out var error) && parsed is { } id)
            {
                projectId = id;
                return true;
            }

            return Check(field, false, error);
        }

        public T Unrecognized<T>(string field, T command)
        {
            fieldErrors.Add(new(field, UnrecognizedField));
            return command;
        }

        public InputErrors ToInputErrors() => InputErrors.Of(body.FormErrors, fieldErrors);

        private bool Text(string field, BodyValue value, [NotNullWhen(true)] out string? text)
        {
            text = value.IsString ? value.Text : null;
            return Check(field, text is not null, text is null ? TypeMismatch("string", value) : null);
        }

        private bool Check(string field, bool ok, string? error)
        {
            if (!ok)
            {
                fieldErrors.Add(new(field, error!));
            }

            return ok;
        }
    }
}
