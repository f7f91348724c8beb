using System.Text;
using System.Text.Json.Nodes;
using Layers.Bench.Bare;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Bench;

/// <summary>
/// The benchmark's baseline (bench/Layers.Bench.Bare) is only a baseline if it answers the
/// benchmark's PATCHes as the API does: same status, ETag, Content-Type and body, updatedAt aside.
/// Error bodies are compared by code and message: their request ids and the API's validation
/// details are the API's own.
/// </summary>
public sealed class BareEndpointAnswerTests(LayersFixture fixture)
{
    [Fact]
    public async Task The_bare_endpoint_answers_the_benchmark_patches_as_the_API_does()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var tenant = await Tenant.CreateAsync(fixture);
        var id = (await tenant.CreateInfluencerAsync()).Id.ToString();
        var key = await tenant.CreateKeyAsync();
        var readOnlyKey = await tenant.CreateKeyAsync("influencers:read");
        const string UnknownId = "inf_00000000-0000-4000-8000-999999999999";
        var cases = new (string Id, string Body, string Key, int Status)[]
        {
            (id, """{"brandVoice":"authentic"}""", key, 200), // the stored value: a no-op for both
            (id, """{"name":"Noah Patel"}""", key, 200),
            (id, """{"gender":"non_binary"}""", key, 200),
            (id, """{"ageRange":"senior"}""", key, 200),
            (id, """{"brandVoice":"witty"}""", key, 200),
            (id, """{"language":"zh-Hans-CN"}""", key, 200),
            (id, """{"brandVoice":"casual","language":"pt-BR","ageRange":null}""", key, 200),
            (id, """{"gender":"robot"}""", key, 422),
            (UnknownId, """{"name":"Ava Chen"}""", key, 404),
            (id, """{"name":"Ava Chen"}""", $"{key[..^1]}{(key[^1] == 'a' ? 'b' : 'a')}", 401),
            (id, """{"name":"Ava Chen"}""", readOnlyKey, 403),
        };

        // Keys are read when the bare endpoint starts, so it starts once the keys exist.
        await using var dataSource = BareServer.CreateDataSource(fixture.ConnectionString);
        await using var bareApp = await BareServer.CreateAsync(["--urls", "http://127.0.0.1:0"], dataSource);
        await bareApp.StartAsync(cancellationToken);
        using var bare = new HttpClient { BaseAddress = new Uri(bareApp.Urls.Single()) };
        using var api = fixture.CreateClient();

        for (var i = 0; i < cases.Length; i++)
        {
            // Whichever goes first writes and the other finds the value stored: alternate, so that
            // each answers both ways.
            var (patchId, body, caseKey, status) = cases[i];
            Answer apiAnswer, bareAnswer;
            if (i % 2 == 0)
            {
                apiAnswer = await SendAsync(api, patchId, body, caseKey, cancellationToken);
                bareAnswer = await SendAsync(bare, patchId, body, caseKey, cancellationToken);
            }
            else
            {
                bareAnswer = await SendAsync(bare, patchId, body, caseKey, cancellationToken);
                apiAnswer = await SendAsync(api, patchId, body, caseKey, cancellationToken);
            }

            Assert.Equal(status, apiAnswer.Status);
            Assert.Equal(apiAnswer, bareAnswer);
        }
    }

    private static async Task<Answer> SendAsync(HttpClient client, string id, string body, string key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri($"/v1/influencers/{id}", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {key}");
        using var response = await client.SendAsync(request, cancellationToken);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
        json.Remove("updatedAt");
        if (json["error"] is JsonObject error)
        {
            error.Remove("requestId");
            error.Remove("details");
        }

        return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), response.Headers.ETag?.ToString(), json.ToJsonString());
    }

    private sealed record Answer(int Status, string? ContentType, string? ETag, string Body);
}
