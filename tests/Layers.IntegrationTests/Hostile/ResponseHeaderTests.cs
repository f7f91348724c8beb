using System.Net;
using System.Text;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Hostile;

/// <summary>
/// Headers that browsers and scanners act on: every answer, success or error, forbids MIME
/// sniffing, names no server software, and grants no cross-origin access (the API is called with
/// secret keys from servers, never from browser pages).
/// </summary>
[Collection(KestrelHosted.Name)]
public sealed class ResponseHeaderTests(KestrelApi api)
{
    private const string Origin = "https://evil.example";

    public enum Target
    {
        Influencer,
        UnknownInfluencer,
        UnknownRoute,
    }

    /// <summary>Method, target, body (application/json unless a media type is given), with a key, expected status.</summary>
    public static TheoryData<string, Target, string?, string?, bool, HttpStatusCode> Requests => new()
    {
        { "GET", Target.Influencer, null, null, true, HttpStatusCode.OK },
        { "PATCH", Target.Influencer, """{"brandVoice":"witty"}""", null, true, HttpStatusCode.OK },
        { "GET", Target.Influencer, null, null, false, HttpStatusCode.Unauthorized },
        { "GET", Target.UnknownInfluencer, null, null, true, HttpStatusCode.NotFound },
        { "GET", Target.UnknownRoute, null, null, true, HttpStatusCode.NotFound },
        { "PUT", Target.Influencer, """{"name":"a"}""", null, true, HttpStatusCode.MethodNotAllowed },
        { "PATCH", Target.Influencer, """{"gender":null}""", null, true, HttpStatusCode.UnprocessableEntity },
        { "PATCH", Target.Influencer, """{"name":"a"}""", "text/plain", true, HttpStatusCode.UnsupportedMediaType },
        { "PATCH", Target.Influencer, $$"""{"name":"{{new string('a', 20_000)}}"}""", null, true, HttpStatusCode.RequestEntityTooLarge },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Every_answer_has_nosniff_no_server_header_and_no_cors_headers_even_with_an_origin(
        string method, Target target, string? body, string? mediaType, bool withKey, HttpStatusCode expected)
    {
        var tenant = await Tenant.CreateAsync(api.Fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = api.CreateClient(withKey ? await tenant.CreateKeyAsync() : null);
        var path = target switch
        {
            Target.Influencer => $"/v1/influencers/{influencer.Id}",
            Target.UnknownInfluencer => $"/v1/influencers/inf_{Guid.NewGuid()}",
            _ => "/v1/nothing-here",
        };
        using var message = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative))
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, mediaType ?? "application/json"),
        };
        message.Headers.Add("Origin", Origin);

        using var response = await client.SendAsync(message, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        AssertHardened(response);
    }

    [Fact]
    public async Task A_cors_preflight_is_not_granted()
    {
        var tenant = await Tenant.CreateAsync(api.Fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = api.CreateClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri($"/v1/influencers/{influencer.Id}", UriKind.Relative));
        preflight.Headers.Add("Origin", Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "PATCH");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");

        using var response = await client.SendAsync(preflight, TestContext.Current.CancellationToken);

        // A browser treats any answer without Access-Control-Allow-Origin as a refusal; a 2xx would still mislead.
        Assert.False(response.IsSuccessStatusCode, $"Preflight answered {(int)response.StatusCode}.");
        AssertHardened(response);
    }

    private static void AssertHardened(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.False(response.Headers.Contains("Server"), "A Server header names the software.");
        var cors = response.Headers.Concat(response.Content.Headers)
            .Select(header => header.Key)
            .Where(name => name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(cors);
    }
}
