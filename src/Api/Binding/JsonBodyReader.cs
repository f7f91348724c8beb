using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Layers.Api.Errors;
using Layers.Api.Idempotency;
using Layers.Api.Middleware;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Layers.Api.Binding;

/// <summary>
/// Reads a request body into a <see cref="JsonObjectBody"/> without judging its values: refuses
/// bodies over <see cref="JsonObjectBody.MaxBytes"/> (413) or of another media type or encoding
/// (415), which the request's validation never sees; reports malformed
/// JSON, non-objects and duplicated properties, and keeps every top-level property as sent. A body
/// is read once per request: read with its hash (by <see cref="IdempotencyKeyHeader"/>), it is the
/// body read again.
/// </summary>
public static class JsonBodyReader
{
    public const string Malformed = "Malformed JSON.";
    public const string NotAnObject = "Body must be a JSON object.";

    private static readonly string[] AcceptedMediaTypes = ["application/json", "application/merge-patch+json"];

    // Deeper nesting is malformed for this API, and bounds the reader's work on hostile input.
    internal static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    /// <summary>
    /// The body; its read takes no cancellation token, as Kestrel ends it when the client goes away
    /// or the body is late (see <see cref="RequestDeadline.ReadBodyAsync{T}"/>).
    /// </summary>
    public static Task<JsonObjectBody> ReadAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.Features.Get<HashedBody>() is { } read
            ? Task.FromResult(read.Body)
            : ReadAsync(request, null);
    }

    /// <summary>
    /// The body as <see cref="ReadAsync(HttpRequest)"/> reads it, with the SHA-256 of what it means
    /// (<see cref="CanonicalJson.HashData"/>); kept for the request, so that it is read only once.
    /// </summary>
    public static async Task<HashedBody> ReadHashedAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.HttpContext.Features.Get<HashedBody>() is { } read)
        {
            return read;
        }

        var sha256 = new byte[SHA256.HashSizeInBytes];
        var hashed = new HashedBody(await ReadAsync(request, sha256).ConfigureAwait(false), sha256);
        request.HttpContext.Features.Set(hashed);
        return hashed;
    }

    /// <summary>Fills <paramref name="sha256"/>, when given, with the hash of what the body received means.</summary>
    private static async Task<JsonObjectBody> ReadAsync(HttpRequest request, byte[]? sha256)
    {
        if (request.ContentType is not null && !IsAcceptedMediaType(request.ContentType))
        {
            throw new UnsupportedMediaTypeException();
        }

        if (request.ContentLength > JsonObjectBody.MaxBytes)
        {
            throw new PayloadTooLargeException();
        }

        // Bodies are not decompressed: a compressed body would bypass the size limit on what is parsed.
        if (!IsIdentityEncoding(request.Headers.ContentEncoding))
        {
            throw new UnsupportedMediaTypeException(UnsupportedMediaTypeException.EncodingMessage);
        }

        // A body that came whole with its headers, as almost every body does, is read as it is:
        // nothing is waited for, so there is no deadline to pause.
        if (TryReadArrived(request, sha256) is { } arrived)
        {
            return arrived;
        }

        // The body is the client's time, not the database's (see RequestDeadline).
        return RequestDeadline.Of(request.HttpContext) is { } deadline
            ? await deadline.ReadBodyAsync(() => ReadBodyAsync(request, sha256)).ConfigureAwait(false)
            : await ReadBodyAsync(request, sha256).ConfigureAwait(false);
    }

    private static async Task<JsonObjectBody> ReadBodyAsync(HttpRequest request, byte[]? sha256)
    {
        // The length header may be absent (chunked, HTTP/2), so the limit is enforced while reading.
        var buffer = ArrayPool<byte>.Shared.Rent(JsonObjectBody.MaxBytes + 1);
        try
        {
            var length = 0;
            int read;
            try
            {
                while (length <= JsonObjectBody.MaxBytes
                       && (read = await request.Body.ReadAsync(buffer.AsMemory(length, JsonObjectBody.MaxBytes + 1 - length)).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }
            }
            catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status408RequestTimeout)
            {
                // Kestrel's minimum data rate, the body's time limit: the body did not arrive in time.
                throw new RequestBodyTimeoutException(exception.Message, exception);
            }
            catch (BadHttpRequestException)
            {
                // The body ended before its declared length: what arrived is not a JSON document.
                Hash(buffer.AsSpan(0, length), sha256);
                return JsonObjectBody.Invalid(Malformed);
            }

            if (length > JsonObjectBody.MaxBytes)
            {
                throw new PayloadTooLargeException();
            }

            return Complete(request, buffer.AsSpan(0, length), sha256);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The body when all of it has been received already, else null (and nothing consumed).</summary>
    private static JsonObjectBody? TryReadArrived(HttpRequest request, byte[]? sha256)
    {
        var reader = request.BodyReader;
        ReadResult result;
        try
        {
            if (!reader.TryRead(out result))
            {
                return null;
            }
        }
        catch (BadHttpRequestException)
        {
            // The reading that waits meets the same failure, and answers it.
            return null;
        }

        // What is not all here, or too large, is left to the reading that waits and counts.
        var body = result.Buffer;
        if (!result.IsCompleted || body.Length > JsonObjectBody.MaxBytes)
        {
            reader.AdvanceTo(body.Start);
            return null;
        }

        try
        {
            if (body.IsSingleSegment)
            {
                return Complete(request, body.FirstSpan, sha256);
            }

            var copy = ArrayPool<byte>.Shared.Rent((int)body.Length);
            try
            {
                body.CopyTo(copy);
                return Complete(request, copy.AsSpan(0, (int)body.Length), sha256);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        }
        finally
        {
            reader.AdvanceTo(body.End);
        }
    }

    private static JsonObjectBody Complete(HttpRequest request, ReadOnlySpan<byte> body, byte[]? sha256)
    {
        Hash(body, sha256);
        return body.IsEmpty ? JsonObjectBody.Invalid(NotAnObject)
            : request.ContentType is null ? throw new UnsupportedMediaTypeException()
            : Parse(body);
    }

    private static void Hash(ReadOnlySpan<byte> received, byte[]? sha256)
    {
        if (sha256 is not null)
        {
            CanonicalJson.HashData(received, sha256);
        }
    }

    /// <summary>No <c>Content-Encoding</c>, or only <c>identity</c>.</summary>
    private static bool IsIdentityEncoding(StringValues contentEncoding)
    {
        foreach (var value in contentEncoding)
        {
            foreach (var coding in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!coding.Equals("identity", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }
        }

        return true;
    }

    public static JsonObjectBody Parse(ReadOnlySpan<byte> json)
    {
        var properties = new List<KeyValuePair<string, BodyValue>>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var formErrors = new List<string>();
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            if (!reader.Read())
            {
                return JsonObjectBody.Invalid(NotAnObject);
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                EnsureEnd(ref reader);
                return JsonObjectBody.Invalid(NotAnObject);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = ReadString(ref reader);
                reader.Read();
                var value = ReadValue(ref reader);
                if (!names.Add(name))
                {
                    var duplicate = string.Create(CultureInfo.InvariantCulture, $"Duplicate field '{name}'.");
                    if (!formErrors.Contains(duplicate))
                    {
                        formErrors.Add(duplicate);
                    }

                    continue;
                }

                properties.Add(new(name, value));
            }

            EnsureEnd(ref reader);
        }
        catch (JsonException)
        {
            return JsonObjectBody.Invalid(Malformed);
        }

        return JsonObjectBody.Of(properties, formErrors);
    }

    private static bool IsAcceptedMediaType(string? contentType)
    {
        // What clients send almost always, judged without parsing it.
        if (string.Equals(contentType, AcceptedMediaTypes[0], StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        // A quoted parameter value means the same as the bare token (RFC 9110, section 5.6.6).
        var charset = HeaderUtilities.RemoveQuotes(mediaType.Charset);
        return AcceptedMediaTypes.Contains(mediaType.MediaType.Value, StringComparer.OrdinalIgnoreCase)
               && (!charset.HasValue || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    private static BodyValue ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return BodyValue.FromString(ReadString(ref reader));
            case JsonTokenType.StartObject:
                reader.Skip();
                return new BodyValue(JsonValueKind.Object, null);
            case JsonTokenType.StartArray:
                reader.Skip();
                return new BodyValue(JsonValueKind.Array, null);
            case JsonTokenType.Number:
                return new BodyValue(JsonValueKind.Number, null);
            case JsonTokenType.True:
                return new BodyValue(JsonValueKind.True, null);
            case JsonTokenType.False:
                return new BodyValue(JsonValueKind.False, null);
            default:
                return BodyValue.Null;
        }
    }

    /// <summary>Nothing but whitespace may follow the one JSON value.</summary>
    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException(Malformed);
        }
    }

    /// <summary>
    /// The string as sent. <see cref="Utf8JsonReader.GetString"/> refuses escapes that encode an
    /// unpaired surrogate (<c>"\ud800"</c>); those are decoded here as they are, so that validation
    /// reports them against the field instead of calling the whole body malformed.
    /// </summary>
    private static string ReadString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return DecodeKeepingSurrogates(reader.ValueSpan);
        }
    }

    private static string DecodeKeepingSurrogates(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(raw.Length);
        var i = 0;
        while (i < raw.Length)
        {
            var escape = raw[i..].IndexOf((byte)'\\');
            if (escape != 0)
            {
                var literal = escape < 0 ? raw[i..] : raw.Slice(i, escape);
                if (!Utf8.IsValid(literal))
                {
                    throw new JsonException(Malformed);
                }

                text.Append(Encoding.UTF8.GetString(literal));
                i += literal.Length;
                continue;
            }

            var kind = (char)raw[i + 1];
            if (kind == 'u')
            {
                text.Append((char)ushort.Parse(Encoding.ASCII.GetString(raw.Slice(i + 2, 4)), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 6;
                continue;
            }

            text.Append(kind switch
            {
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                _ => kind, // \" \\ \/
            });
            i += 2;
        }

        return text.ToString();
    }
}

/// <summary>A request body as read, and the SHA-256 of what it means: its JSON value in <see cref="CanonicalJson"/> form.</summary>
public sealed record HashedBody(JsonObjectBody Body, byte[] Sha256);
