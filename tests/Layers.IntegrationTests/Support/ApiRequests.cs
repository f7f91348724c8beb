using System.Net;
using System.Text;

namespace Layers.IntegrationTests.Support;

/// <summary>
/// Requests sent exactly as given: the body as raw UTF-8 and the Content-Type header as a raw
/// string (or none), because much of the contract is about bodies and headers that a typed
/// client would refuse to produce.
/// </summary>
public static class ApiRequests
{
    public const string Json = "application/json";

    public static string InfluencerPath(object id) => $"/v1/influencers/{id}";

    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, string method, string path, string? body = null, string? contentType = Json) =>
        client.SendRawAsync(method, path, body is null ? null : Body(body), contentType);

    public static async Task<HttpResponseMessage> SendRawAsync(this HttpClient client, string method, string path, HttpContent? content, string? contentType = Json)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = content };
        if (content is not null && contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static Task<HttpResponseMessage> GetInfluencerAsync(this HttpClient client, object id) =>
        client.SendRawAsync("GET", InfluencerPath(id));

    public static Task<HttpResponseMessage> PatchInfluencerAsync(this HttpClient client, object id, string body, string? contentType = Json) =>
        client.SendRawAsync("PATCH", InfluencerPath(id), body, contentType);

    public static Task<HttpResponseMessage> DeleteInfluencerAsync(this HttpClient client, object id) =>
        client.SendRawAsync("DELETE", InfluencerPath(id));

    public static Task<HttpResponseMessage> CreateInfluencerAsync(this HttpClient client, string body, string? contentType = Json) =>
        client.SendRawAsync("POST", "/v1/influencers", body, contentType);

    /// <summary>GET /v1/influencers with the query string as given (e.g. <c>?limit=5</c>), or none.</summary>
    public static Task<HttpResponseMessage> ListInfluencersAsync(this HttpClient client, string queryString = "") =>
        client.SendRawAsync("GET", "/v1/influencers" + queryString);

    public static string ClonePath(object id) => $"/v1/influencers/{id}/clone";

    public static Task<HttpResponseMessage> CloneInfluencerAsync(this HttpClient client, object id, string body, string? contentType = Json) =>
        client.SendRawAsync("POST", ClonePath(id), body, contentType);

    /// <summary>UTF-8 content without a Content-Type; with or without a Content-Length.</summary>
    public static HttpContent Body(string text, bool withoutContentLength = false) =>
        withoutContentLength ? new UnknownLengthContent(text) : new ByteArrayContent(Encoding.UTF8.GetBytes(text));

    /// <summary>Valid JSON padded with trailing spaces to exactly <paramref name="bytes"/> UTF-8 bytes.</summary>
    public static string PadTo(string json, int bytes) => json + new string(' ', bytes - Encoding.UTF8.GetByteCount(json));

    /// <summary>A body sent without Content-Length (chunked), as clients that stream do.</summary>
    public sealed class UnknownLengthContent(string text) : HttpContent
    {
        private readonly byte[] bytes = Encoding.UTF8.GetBytes(text);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
