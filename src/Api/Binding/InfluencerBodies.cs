using Layers.Application.Common.Concurrency;
using Layers.Application.Common.Input;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Commands.CloneInfluencer;
using Layers.Application.Influencers.Commands.CreateInfluencer;
using Layers.Application.Influencers.Commands.PatchInfluencer;
using Layers.Domain.Common;
using Layers.Domain.Influencers;

namespace Layers.Api.Binding;

/// <summary>
/// The strict JSON bodies of the influencer routes turned into typed commands. Each body is one
/// table of its fields: the JSON name, how its value is read, and where it goes in the command;
/// any other field is unrecognized. What the JSON itself gets wrong (its shape, unknown fields, a
/// value of the wrong JSON type, a text that is no value of its field) becomes the command's
/// <see cref="InputErrors"/>, in the order the body sent them, reported by the validation step
/// together with the command's own rules, in one answer.
/// </summary>
public static class InfluencerBodies
{
    public const string UnrecognizedField = "Unrecognized field.";

    private static readonly BodyFields<PatchInfluencerCommand> PatchFields = new()
    {
        { InfluencerFields.Name, Name, (command, name) => command with { Name = name } },
        { InfluencerFields.Gender, Enum<Gender>, (command, gender) => command with { Gender = gender }, command => command with { Gender = (Gender?)null } },
        { InfluencerFields.AgeRange, Enum<AgeRange>, (command, ageRange) => command with { AgeRange = ageRange }, command => command with { AgeRange = (AgeRange?)null } },
        { InfluencerFields.BrandVoice, Enum<BrandVoice>, (command, brandVoice) => command with { BrandVoice = brandVoice } },
        { InfluencerFields.Language, Language, (command, language) => command with { Language = language } },
    };

    private static readonly BodyFields<CreateInfluencerCommand> CreateFields = new()
    {
        { InfluencerFields.ProjectId, Project, (command, projectId) => command with { ProjectId = projectId } },
        { InfluencerFields.Name, Name, (command, name) => command with { Name = name } },
        { InfluencerFields.Gender, Enum<Gender>, (command, gender) => command with { Gender = gender } },
        { InfluencerFields.AgeRange, Enum<AgeRange>, (command, ageRange) => command with { AgeRange = ageRange }, command => command },
        { InfluencerFields.BrandVoice, Enum<BrandVoice>, (command, brandVoice) => command with { BrandVoice = brandVoice } },
        { InfluencerFields.Language, Language, (command, language) => command with { Language = language } },
    };

    private static readonly BodyFields<CloneInfluencerCommand> CloneFields = new()
    {
        { InfluencerFields.Language, Language, (command, language) => command with { Language = language } },
        { InfluencerFields.Name, Name, (command, name) => command with { Name = name } },
    };

    public static PatchInfluencerCommand ToPatchCommand(JsonObjectBody body, InfluencerId? influencerId, VersionPrecondition? precondition)
    {
        var (command, errors) = PatchFields.Read(body, new PatchInfluencerCommand(influencerId) { Precondition = precondition });
        return command with { InputErrors = errors };
    }

    public static CreateInfluencerCommand ToCreateCommand(JsonObjectBody body)
    {
        var (command, errors) = CreateFields.Read(body, new CreateInfluencerCommand(null, null, null));
        return command with { InputErrors = errors };
    }

    /// <summary>A clone's body: the language of the clone, and its name when not the source's.</summary>
    public static CloneInfluencerCommand ToCloneCommand(JsonObjectBody body, InfluencerId? influencerId, VersionPrecondition? precondition)
    {
        var (command, errors) = CloneFields.Read(body, new CloneInfluencerCommand(influencerId) { Precondition = precondition });
        return command with { InputErrors = errors };
    }

    public static string TypeMismatch(string expected, BodyValue received) => $"Expected {expected}, received {received.TypeName}";

    // The readers of the fields' values: the value when it is one, else nothing and its error recorded.
    private static Optional<InfluencerName> Name(FieldErrors errors, string field, BodyValue value) =>
        errors.Text(field, value) is not { } text ? default
        : InfluencerName.TryCreate(text, out var name, out var error) ? name
        : errors.Refuse<InfluencerName>(field, error);

    private static Optional<TEnum> Enum<TEnum>(FieldErrors errors, string field, BodyValue value)
        where TEnum : struct, System.Enum =>
        errors.Text(field, value) is not { } text ? default
        : WireNames.TryParse<TEnum>(text, out var parsed, out var error) ? parsed
        : errors.Refuse<TEnum>(field, error);

    private static Optional<LanguageTag> Language(FieldErrors errors, string field, BodyValue value) =>
        errors.Text(field, value) is not { } text ? default
        : LanguageTag.TryCreate(text, out var language, out var error) ? language
        : errors.Refuse<LanguageTag>(field, error);

    private static Optional<ProjectId> Project(FieldErrors errors, string field, BodyValue value) =>
        errors.Text(field, value) is not { } text ? default
        : ProjectId.TryParse(text, out var projectId, out var error) ? projectId.Value
        : errors.Refuse<ProjectId>(field, error);

    /// <summary>A body's fields by JSON name: each reads its value into the command, or records why it cannot.</summary>
    private sealed class BodyFields<TCommand> : Dictionary<string, Func<TCommand, BodyValue, FieldErrors, TCommand>>
    {
        public BodyFields()
            : base(StringComparer.Ordinal)
        {
        }

        public void Add<T>(string field, Func<FieldErrors, string, BodyValue, Optional<T>> read, Func<TCommand, T, TCommand> set) =>
            Add(field, (command, value, errors) => read(errors, field, value) is { IsGiven: true } given ? set(command, given.Value) : command);

        /// <summary>A field that may be sent as null, which <paramref name="setNull"/> applies.</summary>
        public void Add<T>(string field, Func<FieldErrors, string, BodyValue, Optional<T>> read, Func<TCommand, T, TCommand> set, Func<TCommand, TCommand> setNull) =>
            Add(field, (command, value, errors) => value.IsNull ? setNull(command)
                : read(errors, field, value) is { IsGiven: true } given ? set(command, given.Value)
                : command);

        /// <summary>The command with every field of <paramref name="body"/> read into it, and the body's problems in the order sent.</summary>
        public (TCommand Command, InputErrors Errors) Read(JsonObjectBody body, TCommand command)
        {
            ArgumentNullException.ThrowIfNull(body);
            var errors = new FieldErrors();
            foreach (var (field, value) in body.Properties)
            {
                if (TryGetValue(field, out var read))
                {
                    command = read(command, value, errors);
                }
                else
                {
                    errors.Add(field, UnrecognizedField);
                }
            }

            return (command, errors.ToInputErrors(body));
        }
    }

    /// <summary>The field errors found so far, in the order found.</summary>
    private sealed class FieldErrors
    {
        private readonly List<KeyValuePair<string, string>> errors = [];

        public void Add(string field, string error) => errors.Add(new(field, error));

        /// <summary>The value's text, or null with the type mismatch recorded.</summary>
        public string? Text(string field, BodyValue value)
        {
            if (value.IsString)
            {
                return value.Text;
            }

            Add(field, TypeMismatch("string", value));
            return null;
        }

        /// <summary>No value, for the reason recorded.</summary>
        public Optional<T> Refuse<T>(string field, string error)
        {
            Add(field, error);
            return default;
        }

        public InputErrors ToInputErrors(JsonObjectBody body) => InputErrors.Of(body.FormErrors, errors);
    }
}
