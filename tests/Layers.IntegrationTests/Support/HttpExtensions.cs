using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Layers.IntegrationTests.Support;

public static class HttpExtensions
{
    public static Uri InfluencerUri(object influencerId) => new($"/v1/influencers/{influencerId}", UriKind.Relative);

    public static async Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, object influencerId, string json, Action<HttpRequestHeaders>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, InfluencerUri(influencerId))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        headers?.Invoke(request.Headers);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }

    public static async Task<string> ErrorCodeAsync(this HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("error").GetProperty("code").GetString()!;
}
