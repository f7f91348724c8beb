using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace Layers.Bench.Bare;

/// <summary>
/// PATCH /v1/influencers/{id} written by hand, as the contract says (the reference page,
/// patch-influencer.md): the key check, the body's strict rules, the two statements of
/// <see cref="InfluencerTable"/> on one pooled connection (the UPDATE only when something changed),
/// and the API's JSON, headers and statuses, judged in the API's order: 401, 403, 415 and 413,
/// 422, 404. Conditional requests (If-Match, If-None-Match), rate limits and the body and database
/// deadlines are not done here: the benchmark sends no precondition, measures the API without
/// limits, sends its bodies at once and keeps the database answering.
/// </summary>
internal sealed class PatchEndpoint(NpgsqlDataSource dataSource, KeyStore keys)
{
    private const int MaxBodyBytes = 16 * 1024;
    private const string WriteScope = "influencers:write";
    private const string IdPrefix = "inf_";
    private const string JsonContentType = "application/json; charset=utf-8";
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";
    private const string RequestIdAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    private const string UnsupportedMediaType = "The request body must be application/json or application/merge-patch+json (UTF-8).";
    private const string UnsupportedEncoding = "Request bodies are not decoded: send the body without a Content-Encoding (identity only).";

    // Names as sent; quotes and HTML characters unescaped, as the API writes them.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task HandleAsync(HttpContext context, string influencerId)
    {
        var requestId = NewRequestId();
        var response = context.Response;
        response.Headers["X-Request-Id"] = requestId;
        response.Headers.XContentTypeOptions = "nosniff";

        var key = keys.Authenticate(context.Request.Headers.Authorization.ToString());
        if (key is null)
        {
            response.Headers.WWWAuthenticate = "Bearer";
            await ErrorAsync(context, requestId, StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", "A valid API key is required.").ConfigureAwait(false);
            return;
        }

        if (!key.Scopes.Contains(WriteScope))
        {
            await ErrorAsync(context, requestId, StatusCodes.Status403Forbidden, "FORBIDDEN_SCOPE", $"This API key lacks the '{WriteScope}' scope.").ConfigureAwait(false);
            return;
        }

        var body = await ReadBodyAsync(context, requestId).ConfigureAwait(false);
        if (body is null)
        {
            return; // answered 413 or 415
        }

        if (body.Values is not { } values)
        {
            await ErrorAsync(context, requestId, StatusCodes.Status422UnprocessableEntity, "VALIDATION", "Invalid body.", body).ConfigureAwait(false);
            return;
        }

        var row = TryParseId(influencerId, out var id) ? await PatchAsync(key.OrgId, id, values, context.RequestAborted).ConfigureAwait(false) : null;
        if (row is null)
        {
            await ErrorAsync(context, requestId, StatusCodes.Status404NotFound, "NOT_FOUND", "Influencer not found.").ConfigureAwait(false);
            return;
        }

        response.Headers.ETag = string.Create(CultureInfo.InvariantCulture, $"\"v{row.Version}\"");
        response.ContentType = JsonContentType;
        WriteInfluencer(response.BodyWriter, id, row);
        await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Read, then write the changed columns if any: the row as it now is, or null when there is none.</summary>
    private async Task<InfluencerRow?> PatchAsync(Guid orgId, Guid id, InfluencerValues values, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await InfluencerTable.FindAsync(connection, orgId, id, cancellationToken).ConfigureAwait(false);
        var changed = row is null ? ChangedColumns.None : values.ChangesFrom(row);
        return changed == ChangedColumns.None
            ? row
            : await InfluencerTable.UpdateAsync(connection, orgId, id, changed, values, DateTime.UtcNow, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>inf_</c> and a hyphenated uuid, or the uuid alone, hex in either case; never the empty uuid.</summary>
    private static bool TryParseId(string segment, out Guid id)
    {
        var text = segment.AsSpan();
        if (text.StartsWith(IdPrefix, StringComparison.Ordinal))
        {
            text = text[IdPrefix.Length..];
        }

        // TryParseExact would trim white space: the length is checked first.
        return Guid.TryParseExact(text.Length == 36 ? text : [], "D", out id) && id != Guid.Empty;
    }

    /// <summary>The body as parsed, or null once it has been answered 413 or 415.</summary>
    private static async Task<PatchBody?> ReadBodyAsync(HttpContext context, string requestId)
    {
        var request = context.Request;
        if (request.ContentType is { } contentType && !IsJson(contentType))
        {
            await ErrorAsync(context, requestId, StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", UnsupportedMediaType).ConfigureAwait(false);
            return null;
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            await TooLargeAsync(context, requestId).ConfigureAwait(false);
            return null;
        }

        // A compressed body would get past the size limit on what is parsed.
        if (!IsIdentity(request.Headers.ContentEncoding))
        {
            await ErrorAsync(context, requestId, StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", UnsupportedEncoding).ConfigureAwait(false);
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes + 1);
        try
        {
            // Without a length header (chunked) the limit holds while reading.
            var length = 0;
            int read;
            try
            {
                while (length <= MaxBodyBytes
                       && (read = await request.Body.ReadAsync(buffer.AsMemory(length, MaxBodyBytes + 1 - length), context.RequestAborted).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }
            }
            catch (BadHttpRequestException)
            {
                return PatchBody.Invalid(PatchBody.Malformed); // the body ended before its declared length
            }

            if (length > MaxBodyBytes)
            {
                await TooLargeAsync(context, requestId).ConfigureAwait(false);
                return null;
            }

            if (length == 0)
            {
                return PatchBody.Invalid(PatchBody.NotAnObject);
            }

            if (request.ContentType is null)
            {
                await ErrorAsync(context, requestId, StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", UnsupportedMediaType).ConfigureAwait(false);
                return null;
            }

            return PatchBody.Parse(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Task TooLargeAsync(HttpContext context, string requestId) =>
        ErrorAsync(context, requestId, StatusCodes.Status413PayloadTooLarge, "PAYLOAD_TOO_LARGE", $"The request body exceeds {MaxBodyBytes} bytes.");

    /// <summary>application/json or application/merge-patch+json, in UTF-8 if a charset is named (quoted or not).</summary>
    private static bool IsJson(string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        var charset = HeaderUtilities.RemoveQuotes(mediaType.Charset);
        return (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || mediaType.MediaType.Equals("application/merge-patch+json", StringComparison.OrdinalIgnoreCase))
            && (!charset.HasValue || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsIdentity(StringValues contentEncoding)
    {
        foreach (var line in contentEncoding)
        {
            foreach (var coding in (line ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!coding.Equals("identity", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary><c>req_</c> and 24 random characters: unique, not secret.</summary>
    private static string NewRequestId() =>
        string.Create(28, 0, static (id, _) =>
        {
            "req_".CopyTo(id);
            Random.Shared.GetItems(RequestIdAlphabet, id[4..]);
        });

    private static void WriteInfluencer(IBufferWriter<byte> output, Guid id, InfluencerRow row)
    {
        using var json = new Utf8JsonWriter(output, WriterOptions);
        json.WriteStartObject();
        json.WriteString("influencerId", string.Concat(IdPrefix, id.ToString("D")));
        json.WriteString("projectId", string.Concat("prj_", row.ProjectId.ToString("D")));
        json.WriteString("name", row.Name);
        json.WriteString("gender", row.Gender);
        json.WriteString("ageRange", row.AgeRange);
        json.WriteString("brandVoice", row.BrandVoice);
        json.WriteString("language", row.Language);
        json.WriteString("status", row.Status);
        json.WriteString("createdAt", row.CreatedAt.ToString(TimestampFormat, CultureInfo.InvariantCulture));
        json.WriteString("updatedAt", row.UpdatedAt.ToString(TimestampFormat, CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }

    /// <summary>The API's envelope: <c>{"error":{"code","message","requestId"[,"details"]}}</c>.</summary>
    private static async Task ErrorAsync(HttpContext context, string requestId, int status, string code, string message, PatchBody? invalid = null)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = JsonContentType;
        using (var json = new Utf8JsonWriter(response.BodyWriter, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("code", code);
            json.WriteString("message", message);
            json.WriteString("requestId", requestId);
            if (invalid is not null)
            {
                json.WriteStartObject("details");
                json.WriteStartArray("formErrors");
                foreach (var error in invalid.FormErrors)
                {
                    json.WriteStringValue(error);
                }

                json.WriteEndArray();
                json.WriteStartObject("fieldErrors");
                foreach (var field in invalid.FieldErrors.GroupBy(error => error.Key, StringComparer.Ordinal))
                {
                    json.WriteStartArray(field.Key);
                    foreach (var error in field)
                    {
                        json.WriteStringValue(error.Value);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
