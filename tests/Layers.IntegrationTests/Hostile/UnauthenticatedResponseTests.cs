using System.Net;
using System.Text.Json.Nodes;
using Layers.Application.ApiKeys;
using Layers.Application.Common.Security;
using Layers.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Layers.IntegrationTests.Hostile;

/// <summary>
/// A caller probing keys learns nothing from the answer: an unknown key id, a known key id with a
/// wrong secret and a revoked key are refused with the same status, headers and body (the
/// request id and the date aside).
/// </summary>
[Collection(KestrelHosted.Name)]
public sealed class UnauthenticatedResponseTests(KestrelApi api)
{
    private static readonly string[] PerRequestHeaders = ["X-Request-Id", "Date"];

    [Fact]
    public async Task Unknown_key_id_wrong_secret_and_revoked_key_get_identical_401_answers()
    {
        var tenant = await Tenant.CreateAsync(api.Fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var known = await tenant.CreateKeyAsync(Scopes.InfluencersRead);
        var wrongSecret = string.Concat(known.AsSpan(0, known.LastIndexOf('_') + 1), ApiKeyToken.Generate().Token.AsSpan(known.LastIndexOf('_') + 1));
        var unknownId = ApiKeyToken.Generate().Token;
        var revoked = await tenant.CreateKeyAsync(Scopes.InfluencersRead);
        Assert.True(await api.Fixture.Services.GetRequiredService<IApiKeyRepository>()
            .RevokeAsync(revoked.Split('_')[1], DateTimeOffset.UtcNow, TestContext.Current.CancellationToken));

        var unknownAnswer = await GetAsync(unknownId, influencer.Id.ToString());
        var wrongSecretAnswer = await GetAsync(wrongSecret, influencer.Id.ToString());
        var revokedAnswer = await GetAsync(revoked, influencer.Id.ToString());

        Assert.Equal(HttpStatusCode.Unauthorized, unknownAnswer.Status);
        Assert.Equal("UNAUTHENTICATED", unknownAnswer.Body["error"]?["code"]?.GetValue<string>());
        Assert.Equal(unknownAnswer, wrongSecretAnswer);
        Assert.Equal(unknownAnswer, revokedAnswer);
    }

    private async Task<Answer> GetAsync(string token, string influencerId)
    {
        using var client = api.CreateClient(token);
        using var response = await client.GetAsync(new Uri($"/v1/influencers/{influencerId}", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
        var requestId = body["error"]!.AsObject().Remove("requestId");
        Assert.True(requestId, "The 401 body carries a requestId.");
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(header => !PerRequestHeaders.Contains(header.Key, StringComparer.OrdinalIgnoreCase))
            .Select(header => $"{header.Key.ToLowerInvariant()}: {string.Join(", ", header.Value)}")
            .Order(StringComparer.Ordinal);
        return new Answer(response.StatusCode, string.Join("\n", headers), body);
    }

    /// <summary>Compared by value: the body as JSON text, so that key order counts too.</summary>
    private sealed record Answer(HttpStatusCode Status, string Headers, JsonObject Body)
    {
        public bool Equals(Answer? other) =>
            other is not null && Status == other.Status && Headers == other.Headers && Body.ToJsonString() == other.Body.ToJsonString();

        public override int GetHashCode() => HashCode.Combine(Status, Headers, Body.ToJsonString());
    }
}
