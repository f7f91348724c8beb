using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Layers.Api.Binding;

namespace Layers.Api.Idempotency;

/// <summary>
/// A JSON value written one way, whatever the way it was sent: what the request hash of an
/// Idempotency-Key covers (<see cref="IdempotencyKeyHeader"/>), so that a retry from another
/// client library is the same request. No whitespace; object members sorted by name (ordinal; ties, which only duplicated names make, by their values'
/// text); strings decoded and written again by one encoder; numbers, <c>true</c>, <c>false</c> and
/// <c>null</c> as their tokens, so <c>1.0</c> and <c>1</c> stay different values.
/// </summary>
/// <remarks>
/// The input is a request body, already bounded by the body limit, and is read with the body
/// reader's depth limit, so the work and the recursion are bounded too.
/// </remarks>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The canonical form of <paramref name="json"/>, or null when it is not one JSON value in UTF-8
    /// within <see cref="JsonBodyReader.ReaderOptions"/>, or holds a string that is no text (an
    /// unpaired surrogate).
    /// </summary>
    public static ReadOnlyMemory<byte>? Canonicalize(ReadOnlySpan<byte> json)
    {
        var form = new ArrayBufferWriter<byte>(Math.Max(json.Length, 1));
        try
        {
            var reader = new Utf8JsonReader(json, JsonBodyReader.ReaderOptions);
            using var document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                return null;
            }

            using var writer = new Utf8JsonWriter(form, WriterOptions);
            Write(writer, document.RootElement);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }

        return form.WrittenMemory;
    }

    /// <summary>
    /// Fills <paramref name="sha256"/> with the hash of what <paramref name="body"/> means: its
    /// canonical form, or its bytes as received when they have none (such a request is refused,
    /// and is the same request only as the same bytes).
    /// </summary>
    public static void HashData(ReadOnlySpan<byte> body, Span<byte> sha256) =>
        SHA256.HashData(Canonicalize(body) is { } form ? form.Span : body, sha256);

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var member in element.EnumerateObject()
                             .OrderBy(member => member.Name, StringComparer.Ordinal)
                             .ThenBy(member => member.Value.GetRawText(), StringComparer.Ordinal))
                {
                    writer.WritePropertyName(member.Name);
                    Write(writer, member.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            default:
                writer.WriteRawValue(element.GetRawText(), skipInputValidation: true);
                break;
        }
    }
}
