using System.Net;
using System.Text.Json;
using Layers.Api.Binding;
using Xunit.Sdk;

namespace Layers.IntegrationTests.Hostile;

/// <summary>The checks every answer to a hostile body must pass, whatever the body was.</summary>
public static class HostileResponse
{
    private static readonly Dictionary<HttpStatusCode, string> ErrorCodes = new()
    {
        [HttpStatusCode.RequestEntityTooLarge] = "PAYLOAD_TOO_LARGE",
        [HttpStatusCode.UnsupportedMediaType] = "UNSUPPORTED_MEDIA_TYPE",
        [HttpStatusCode.UnprocessableEntity] = "VALIDATION",
    };

    public static HttpStatusCode StatusOf(Outcome outcome, HttpStatusCode success) => outcome switch
    {
        Outcome.Accepted => success,
        Outcome.TooLarge => HttpStatusCode.RequestEntityTooLarge,
        Outcome.UnsupportedMediaType => HttpStatusCode.UnsupportedMediaType,
        _ => HttpStatusCode.UnprocessableEntity,
    };

    /// <summary>
    /// The status is <paramref name="success"/>, 413, 415 or 422 (so never 404 nor 5xx), the body
    /// is valid UTF-8 JSON, and a 4xx carries the error envelope with the request id of the
    /// X-Request-Id header. A body over the size limit is never read. Returns the parsed body.
    /// </summary>
    public static async Task<JsonElement> CheckAsync(HttpResponseMessage response, HttpStatusCode success, HostileBody body)
    {
        var text = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        if (response.StatusCode != success && !ErrorCodes.ContainsKey(response.StatusCode))
        {
            throw new XunitException($"Undocumented status {(int)response.StatusCode} for {body}: {System.Text.Encoding.UTF8.GetString(text)}");
        }

        if (body.Bytes.Length > JsonObjectBody.MaxBytes)
        {
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType });
        }

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);

        // Parsing bytes also checks that they are valid UTF-8, lone surrogates echoed back included.
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement.Clone();
        if (response.StatusCode == success)
        {
            return root;
        }

        var error = root.GetProperty("error");
        Assert.Equal(ErrorCodes[response.StatusCode], error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(Assert.Single(response.Headers.GetValues("X-Request-Id")), error.GetProperty("requestId").GetString());
        if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
        {
            var details = error.GetProperty("details");
            Assert.Equal(JsonValueKind.Array, details.GetProperty("formErrors").ValueKind);
            Assert.Equal(JsonValueKind.Object, details.GetProperty("fieldErrors").ValueKind);
        }

        return root;
    }
}
