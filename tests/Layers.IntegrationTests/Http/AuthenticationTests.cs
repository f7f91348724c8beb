using System.Net;
using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Layers.IntegrationTests.Http;

public sealed class AuthenticationTests(LayersFixture fixture)
{
    private const string Read = "influencers:read";
    private const string Write = "influencers:write";

    [Theory]
    [InlineData("GET", "/v1/influencers/{id}")]
    [InlineData("PATCH", "/v1/influencers/{id}")]
    [InlineData("DELETE", "/v1/influencers/{id}")]
    [InlineData("POST", "/v1/influencers")]
    [InlineData("GET", "/v1/no-such-route")]
    [InlineData("PUT", "/v1/influencers/{id}")]
    public async Task Request_without_authorization_header_is_unauthenticated(string method, string path)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var before = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        using var client = fixture.CreateClient();

        using var response = await client.SendRawAsync(method, path.Replace("{id}", $"{influencer.Id}", StringComparison.Ordinal), """{"name":"Mia"}""");

        await ApiAssert.UnauthenticatedAsync(response);
        Assert.Equal(before, await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("{token}")]
    [InlineData("Basic {token}")]
    [InlineData("Bearer{token}")]
    [InlineData("Bearer {token}x")]
    [InlineData("Bearer {token-without-last-char}")]
    [InlineData("Bearer {TOKEN}")]
    [InlineData("Bearer lyr_{keyId}")]
    [InlineData("Bearer lyr_{keyId}-{secret}")]
    [InlineData("Bearer key_{keyId}_{secret}")]
    [InlineData("Bearer {token} {token}")]
    public async Task Malformed_authorization_header_is_unauthenticated(string header)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var token = await tenant.CreateKeyAsync();
        var keyId = token.Substring(4, 16);
        var secret = token[21..];
        using var client = fixture.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header
            .Replace("{token-without-last-char}", token[..^1], StringComparison.Ordinal)
            .Replace("{token}", token, StringComparison.Ordinal)
            .Replace("{TOKEN}", token.ToUpperInvariant(), StringComparison.Ordinal)
            .Replace("{keyId}", keyId, StringComparison.Ordinal)
            .Replace("{secret}", secret, StringComparison.Ordinal));

        using var response = await client.GetInfluencerAsync(influencer.Id);

        await ApiAssert.UnauthenticatedAsync(response);
    }

    [Fact]
    public async Task Unknown_key_id_and_wrong_secret_give_the_same_answer()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var token = await tenant.CreateKeyAsync();
        var otherToken = await tenant.CreateKeyAsync();

        // Same shape and alphabet as a real token; only which part is wrong differs.
        var unknownId = $"lyr_{new string('a', 16)}{token[20..]}";
        var wrongSecret = $"{token[..21]}{otherToken[21..]}";
        using var unknownIdClient = fixture.CreateClient(unknownId);
        using var wrongSecretClient = fixture.CreateClient(wrongSecret);

        using var unknownIdResponse = await unknownIdClient.GetInfluencerAsync(influencer.Id);
        using var wrongSecretResponse = await wrongSecretClient.GetInfluencerAsync(influencer.Id);

        var unknownIdError = await ApiAssert.UnauthenticatedAsync(unknownIdResponse);
        var wrongSecretError = await ApiAssert.UnauthenticatedAsync(wrongSecretResponse);
        Assert.NotEqual(unknownIdError.RequestId, wrongSecretError.RequestId);
        Assert.Equal(unknownIdError with { RequestId = "" }, wrongSecretError with { RequestId = "" });
    }

    [Fact]
    public async Task Revoked_key_is_unauthenticated_from_the_next_request()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var token = await tenant.CreateKeyAsync();
        using var client = fixture.CreateClient(token);
        using var beforeRevocation = await client.GetInfluencerAsync(influencer.Id);
        Assert.Equal(HttpStatusCode.OK, beforeRevocation.StatusCode);

        await tenant.RevokeKeyAsync(token);
        using var read = await client.GetInfluencerAsync(influencer.Id);
        using var write = await client.PatchInfluencerAsync(influencer.Id, """{"name":"Mia"}""");

        await ApiAssert.UnauthenticatedAsync(read);
        await ApiAssert.UnauthenticatedAsync(write);
        Assert.Equal("Ava Chen", (await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value)).Name);
    }

    [Fact]
    public async Task Reading_without_the_read_scope_is_forbidden()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync(Write);

        using var response = await client.GetInfluencerAsync(influencer.Id);

        await ApiAssert.ForbiddenScopeAsync(response, Read);
    }

    [Theory]
    [InlineData("PATCH", "/v1/influencers/{id}", """{"name":"Mia"}""")]
    [InlineData("DELETE", "/v1/influencers/{id}", null)]
    [InlineData("POST", "/v1/influencers", """{"projectId":"{projectId}","name":"Mia","gender":"female"}""")]
    public async Task Writing_without_the_write_scope_is_forbidden(string method, string path, string? body)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var before = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        using var client = await tenant.ClientAsync(Read);

        using var response = await client.SendRawAsync(
            method,
            path.Replace("{id}", $"{influencer.Id}", StringComparison.Ordinal),
            body?.Replace("{projectId}", $"{tenant.Project.Id}", StringComparison.Ordinal));

        await ApiAssert.ForbiddenScopeAsync(response, Write);
        Assert.Equal(before, await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value));
        Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    [Theory]
    [InlineData("GET", "/v1/influencers/{id}", Read, null, HttpStatusCode.OK)]
    [InlineData("PATCH", "/v1/influencers/{id}", Write, """{"name":"Mia"}""", HttpStatusCode.OK)]
    [InlineData("DELETE", "/v1/influencers/{id}", Write, null, HttpStatusCode.NoContent)]
    [InlineData("POST", "/v1/influencers", Write, """{"projectId":"{projectId}","name":"Mia","gender":"female"}""", HttpStatusCode.Created)]
    public async Task Key_with_only_the_needed_scope_is_allowed(string method, string path, string scope, string? body, HttpStatusCode expected)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync(scope);

        using var response = await client.SendRawAsync(
            method,
            path.Replace("{id}", $"{influencer.Id}", StringComparison.Ordinal),
            body?.Replace("{projectId}", $"{tenant.Project.Id}", StringComparison.Ordinal));

        Assert.Equal(expected, response.StatusCode);
    }

    /// <summary>
    /// The framework's scheme logs each refusal at Information ("was not authenticated", "was
    /// challenged"); a flood of bad keys must not become a flood of log lines on top of the request
    /// log's own, so the scheme's category logs only warnings.
    /// </summary>
    [Fact]
    public async Task Refused_requests_add_no_log_lines_of_the_authentication_scheme()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var token = await tenant.CreateKeyAsync();
        var readOnly = await tenant.CreateKeyAsync(Read);
        var logs = new CapturedLogs();
        await using var host = fixture.AnotherHost(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));
        using var client = host.CreateClient();

        List<HttpStatusCode> statuses = [];
        foreach (var authorization in new[] { null, $"Bearer {token[..^1]}{(token[^1] == 'a' ? 'b' : 'a')}", $"Bearer {readOnly}" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, HttpExtensions.InfluencerUri(influencer.Id));
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden], statuses);
        Assert.Empty(logs.Lines("Layers.Api.Security.ApiKeyAuthenticationHandler"));
    }
}
