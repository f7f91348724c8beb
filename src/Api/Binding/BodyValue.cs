using System.Text.Json;

namespace Layers.Api.Binding;

/// <summary>
/// One property value of a JSON body as sent: its JSON kind and, for strings, the decoded text
/// (kept exactly, unpaired surrogates included, so validation can reject them).
/// </summary>
public readonly record struct BodyValue(JsonValueKind Kind, string? Text)
{
    public static BodyValue Null { get; } = new(JsonValueKind.Null, null);

    public static BodyValue FromString(string text) => new(JsonValueKind.String, text);

    public bool IsNull => Kind == JsonValueKind.Null;

    public bool IsString => Kind == JsonValueKind.String;

    /// <summary>The JSON type name used in messages such as "Expected string, received number".</summary>
    public string TypeName => Kind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        _ => "null",
    };
}
