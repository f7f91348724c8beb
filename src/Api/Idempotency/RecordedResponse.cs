using System.Text;
using System.Text.Json;
using Layers.Api.Binding;
using Layers.Application.Common.Exceptions;
using Microsoft.AspNetCore.Mvc;

namespace Layers.Api.Idempotency;

/// <summary>
/// The answer to a request carried out under an idempotency key, as recorded for its retries: the
/// status, the header fields that describe what the request made (Content-Type, Location, ETag)
/// and the body. Stored as JSON text, readable in the database; answered again with
/// <c>Idempotent-Replayed: true</c>.
/// </summary>
public sealed record RecordedResponse(int Status, string? ContentType, string? Location, string? EntityTag, string Body) : IActionResult
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>The response as the action wrote it, its body (JSON, so UTF-8) as buffered.</summary>
    public static RecordedResponse Capture(HttpResponse response, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new(
            response.StatusCode,
            response.ContentType,
            response.Headers.Location.Count == 0 ? null : response.Headers.Location.ToString(),
            response.Headers.ETag.Count == 0 ? null : response.Headers.ETag.ToString(),
            Encoding.UTF8.GetString(body));
    }

    /// <summary>A stored outcome; one this API did not write is the data's fault (500), not the retry's.</summary>
    public static RecordedResponse Parse(string stored)
    {
        RecordedResponse? recorded;
        try
        {
            recorded = JsonSerializer.Deserialize<RecordedResponse>(stored, ApiJson.Options);
        }
        catch (JsonException exception)
        {
            throw new StoredDataException("A stored idempotency outcome is not JSON of a recorded response.", exception);
        }

        return recorded is { Status: >= 200 and < 300, Body: not null }
            ? recorded
            : throw new StoredDataException("A stored idempotency outcome is not a recorded success.");
    }

    public string ToJson() => JsonSerializer.Serialize(this, ApiJson.Options);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = Status;
        response.ContentType = ContentType;
        if (Location is not null)
        {
            response.Headers.Location = Location;
        }

        if (EntityTag is not null)
        {
            response.Headers.ETag = EntityTag;
        }

        response.Headers[ReplayedHeader] = "true";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(Body), context.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
