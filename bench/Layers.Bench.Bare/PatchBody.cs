using System.Text.Json;

namespace Layers.Bench.Bare;

/// <summary>
/// A PATCH body read strictly: one JSON object of known fields, each at most once and of its JSON
/// type, each value good by <see cref="FieldRules"/>, at least one field, gender never null. Either
/// <see cref="Values"/> or the problems found, reported together like the API's 422.
/// </summary>
public sealed class PatchBody
{
    public const string Malformed = "Malformed JSON.";
    public const string NotAnObject = "Body must be a JSON object.";
    public const string NoField = "At least one field is required.";

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    private PatchBody(InfluencerValues? values, IReadOnlyList<string> formErrors, IReadOnlyList<KeyValuePair<string, string>> fieldErrors)
    {
        Values = values;
        FormErrors = formErrors;
        FieldErrors = fieldErrors;
    }

    /// <summary>The values asked for; null when the body is invalid.</summary>
    public InfluencerValues? Values { get; }

    public IReadOnlyList<string> FormErrors { get; }

    public IReadOnlyList<KeyValuePair<string, string>> FieldErrors { get; }

    public static PatchBody Invalid(string formError) => new(null, [formError], []);

    public static PatchBody Parse(ReadOnlySpan<byte> json)
    {
        var formErrors = new List<string>();
        var fieldErrors = new List<KeyValuePair<string, string>>();
        string? name = null, gender = null, ageRange = null, brandVoice = null, language = null;
        var setsAgeRange = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Invalid(NotAnObject);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = TryGetString(ref reader);
                reader.Read();
                var (text, kind) = ReadValue(ref reader);
                if (field is null)
                {
                    formErrors.Add("A field name is not valid UTF-16.");
                    continue;
                }

                if (!seen.Add(field))
                {
                    formErrors.Add($"Duplicate field '{field}'.");
                    continue;
                }

                switch (field)
                {
                    case "name" when Text(field, text, kind) is { } value:
                        name = Check(field, value, FieldRules.NameError(value));
                        break;
                    case "gender" when kind == JsonTokenType.Null:
                        fieldErrors.Add(new(field, "Gender cannot be cleared."));
                        break;
                    case "gender" when Text(field, text, kind) is { } value:
                        gender = Check(field, value, FieldRules.Genders.Contains(value) ? null : "Invalid gender.");
                        break;
                    case "ageRange" when kind == JsonTokenType.Null:
                        setsAgeRange = true;
                        break;
                    case "ageRange" when Text(field, text, kind) is { } value:
                        ageRange = Check(field, value, FieldRules.AgeRanges.Contains(value) ? null : "Invalid age range.");
                        setsAgeRange = true;
                        break;
                    case "brandVoice" when Text(field, text, kind) is { } value:
                        brandVoice = Check(field, value, FieldRules.BrandVoices.Contains(value) ? null : "Invalid brand voice.");
                        break;
                    case "language" when Text(field, text, kind) is { } value:
                        language = FieldRules.TryLanguage(value, out var canonical) ? canonical : Check(field, value, "Invalid language tag.");
                        break;
                    case "name" or "gender" or "ageRange" or "brandVoice" or "language":
                        break; // of the wrong JSON type, reported by Text
                    default:
                        fieldErrors.Add(new(field, "Unrecognized field."));
                        break;
                }
            }

            if (reader.Read())
            {
                return Invalid(Malformed);
            }
        }
        catch (JsonException)
        {
            return Invalid(Malformed);
        }

        if (formErrors.Count > 0 || fieldErrors.Count > 0)
        {
            return new(null, formErrors, fieldErrors);
        }

        return seen.Count == 0
            ? Invalid(NoField)
            : new(new InfluencerValues { Name = name, Gender = gender, SetsAgeRange = setsAgeRange, AgeRange = ageRange, BrandVoice = brandVoice, Language = language }, [], []);

        string? Text(string field, string? text, JsonTokenType kind)
        {
            if (text is null)
            {
                fieldErrors.Add(new(field, kind == JsonTokenType.String ? "Not valid UTF-16." : $"Expected string, received {TypeName(kind)}"));
            }

            return text;
        }

        string? Check(string field, string value, string? error)
        {
            if (error is null)
            {
                return value;
            }

            fieldErrors.Add(new(field, error));
            return null;
        }
    }

    /// <summary>A string value's text (null for an escaped unpaired surrogate), or the kind of any other value.</summary>
    private static (string? Text, JsonTokenType Kind) ReadValue(ref Utf8JsonReader reader)
    {
        var kind = reader.TokenType;
        if (kind == JsonTokenType.String)
        {
            return (TryGetString(ref reader), kind);
        }

        if (kind is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }

        return (null, kind);
    }

    private static string? TryGetString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null; // an escape that decodes to an unpaired surrogate: no name or value allows one
        }
    }

    private static string TypeName(JsonTokenType kind) => kind switch
    {
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        _ => "null",
    };
}
