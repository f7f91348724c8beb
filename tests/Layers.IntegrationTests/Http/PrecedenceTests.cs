using System.Net;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Http;

/// <summary>
/// When a request is wrong in several ways at once: 401 &gt; 403 &gt; 413/415 &gt; 422 &gt; 404 &gt; 412,
/// for each route (CLONE stands for POST /v1/influencers/{id}/clone).
/// </summary>
public sealed class PrecedenceTests(LayersFixture fixture)
{
    private const string TooLarge = "too large";
    private const string NotFoundId = "inf_0193e2a4-7b1c-7def-8a01-5c7e9d3f2b10";

    [Theory]
    [InlineData("PATCH", "malformed")]
    [InlineData("PATCH", TooLarge)]
    [InlineData("PATCH", "text/plain")]
    [InlineData("PATCH", "no content type")]
    [InlineData("PATCH", "latin-1")]
    [InlineData("PATCH", "invalid")]
    [InlineData("POST", "malformed")]
    [InlineData("POST", TooLarge)]
    [InlineData("POST", "text/plain")]
    [InlineData("POST", "invalid")]
    [InlineData("CLONE", "malformed")]
    [InlineData("CLONE", TooLarge)]
    [InlineData("CLONE", "text/plain")]
    [InlineData("CLONE", "invalid")]
    public async Task Missing_write_scope_is_forbidden_whatever_the_body(string method, string body)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var before = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        using var client = await tenant.ClientAsync("influencers:read");

        using var response = await SendAsync(client, method == "CLONE" ? "POST" : method, method switch
        {
            "POST" => "/v1/influencers",
            "CLONE" => ApiRequests.ClonePath(influencer.Id),
            _ => ApiRequests.InfluencerPath(influencer.Id),
        }, body);

        await ApiAssert.ForbiddenScopeAsync(response, "influencers:write");
        Assert.Equal(before, await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value));
        Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    [Theory]
    [InlineData("PATCH", NotFoundId)]
    [InlineData("DELETE", NotFoundId)]
    [InlineData("GET", NotFoundId)]
    [InlineData("PATCH", "not-an-id")]
    public async Task Missing_scope_is_forbidden_for_an_influencer_that_does_not_exist(string method, string id)
    {
        var tenant = await Tenant.CreateAsync(fixture);

        // Each method is tried with the scope it does not need, so it lacks the one it does.
        using var client = await tenant.ClientAsync(method == "GET" ? "influencers:write" : "influencers:read");

        using var response = await SendAsync(client, method, ApiRequests.InfluencerPath(id), "invalid");

        await ApiAssert.ForbiddenScopeAsync(response, method == "GET" ? "influencers:read" : "influencers:write");
    }

    [Theory]
    [InlineData("?limit=0&sort=name")]
    [InlineData("?cursor=not-a-cursor")]
    public async Task Missing_read_scope_is_forbidden_whatever_the_listings_parameters(string queryString)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync("influencers:write");

        using var response = await client.ListInfluencersAsync(queryString);

        await ApiAssert.ForbiddenScopeAsync(response, "influencers:read");
    }

    [Theory]
    [InlineData("PATCH", "/v1/influencers/" + NotFoundId, TooLarge)]
    [InlineData("POST", "/v1/influencers/" + NotFoundId + "/clone", "text/plain")]
    [InlineData("GET", "/v1/influencers?limit=0&sort=name", "invalid")]
    [InlineData("PATCH", "/v1/influencers/" + NotFoundId, "text/plain")]
    [InlineData("POST", "/v1/influencers", "no content type")]
    [InlineData("GET", "/v1/no-such-route", "invalid")]
    [InlineData("PUT", "/v1/influencers/" + NotFoundId, "malformed")]
    [InlineData("DELETE", "/v1/influencers", TooLarge)]
    public async Task Missing_key_is_unauthenticated_whatever_else_is_wrong(string method, string path, string body)
    {
        using var client = fixture.CreateClient();

        using var response = await SendAsync(client, method, path, body);

        await ApiAssert.UnauthenticatedAsync(response);
    }

    [Theory]
    [InlineData("PATCH", "text/plain")]
    [InlineData("PATCH", "no content type")]
    [InlineData("PATCH", "latin-1")]
    [InlineData("CLONE", "text/plain")]
    [InlineData("CLONE", "latin-1")]
    public async Task Unsupported_media_type_comes_before_validation_and_not_found(string method, string body)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();

        using var response = method == "CLONE"
            ? await SendAsync(client, "POST", ApiRequests.ClonePath(NotFoundId), body)
            : await SendAsync(client, "PATCH", ApiRequests.InfluencerPath(NotFoundId), body);

        await ApiAssert.UnsupportedMediaTypeAsync(response);
    }

    [Theory]
    [InlineData("PATCH")]
    [InlineData("CLONE")]
    public async Task Payload_too_large_comes_before_validation_and_not_found(string method)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();

        using var response = method == "CLONE"
            ? await SendAsync(client, "POST", ApiRequests.ClonePath(NotFoundId), TooLarge)
            : await SendAsync(client, "PATCH", ApiRequests.InfluencerPath(NotFoundId), TooLarge);

        await ApiAssert.PayloadTooLargeAsync(response);
    }

    [Theory]
    [InlineData(NotFoundId)]
    [InlineData("not-an-id")]
    [InlineData("{other-org}")]
    [InlineData("{deleted}")]
    public async Task Invalid_clone_body_is_rejected_before_the_source_is_looked_up(string id)
    {
        var (tenant, influencerId) = await TenantAndIdAsync(id);
        using var client = await tenant.ClientAsync();

        using var response = await client.CloneInfluencerAsync(influencerId, """{"language":"en_US"}""");

        await ApiAssert.FieldErrorAsync(response, "language", "Invalid language tag. Expected a well-formed BCP 47 tag such as 'en' or 'es-MX'.");
    }

    [Theory]
    [InlineData(NotFoundId)]
    [InlineData("inf_123")]
    [InlineData("{other-org}")]
    [InlineData("{deleted}")]
    public async Task Invalid_body_is_rejected_before_the_influencer_is_looked_up(string id)
    {
        var (tenant, influencerId) = await TenantAndIdAsync(id);
        using var client = await tenant.ClientAsync();

        using var response = await client.PatchInfluencerAsync(influencerId, """{"gender":"x"}""");

        await ApiAssert.FieldErrorAsync(response, "gender", "Invalid enum value. Expected 'male' | 'female' | 'non_binary', received 'x'");
    }

    [Theory]
    [InlineData("If-Match", "\"v7\"")]
    [InlineData("If-None-Match", "*")]
    public async Task Invalid_body_comes_before_a_failed_precondition(string condition, string tags)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();
        client.DefaultRequestHeaders.TryAddWithoutValidation(condition, tags);

        using var response = await client.PatchInfluencerAsync(influencer.Id, """{"gender":"x"}""");

        await ApiAssert.FieldErrorAsync(response, "gender", "Invalid enum value. Expected 'male' | 'female' | 'non_binary', received 'x'");
    }

    [Fact]
    public async Task Invalid_clone_body_comes_before_a_failed_precondition()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();
        client.DefaultRequestHeaders.TryAddWithoutValidation("If-Match", "\"v7\"");

        using var response = await client.CloneInfluencerAsync(influencer.Id, "{}");

        await ApiAssert.FieldErrorAsync(response, "language", "Required");
    }

    [Theory]
    [InlineData("GET", "If-Match", "\"v7\"")]
    [InlineData("CLONE", "If-Match", "\"v7\"")]
    [InlineData("PATCH", "If-None-Match", "*")]
    [InlineData("DELETE", "If-None-Match", "*")]
    public async Task Missing_influencer_comes_before_a_failed_precondition(string method, string condition, string tags)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();
        client.DefaultRequestHeaders.TryAddWithoutValidation(condition, tags);

        using var response = method == "CLONE"
            ? await client.CloneInfluencerAsync(NotFoundId, """{"language":"fr"}""")
            : await client.SendRawAsync(method, ApiRequests.InfluencerPath(NotFoundId), method == "PATCH" ? """{"name":"Mia"}""" : null);

        await ApiAssert.InfluencerNotFoundAsync(response);
    }

    /// <summary>A new org, and <paramref name="id"/> with "{other-org}" and "{deleted}" made into such influencers' ids.</summary>
    private async Task<(Tenant Tenant, string Id)> TenantAndIdAsync(string id)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var other = await Tenant.CreateAsync(fixture);
        var otherInfluencer = await other.CreateInfluencerAsync();
        var deleted = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();
        using var deletion = await client.DeleteInfluencerAsync(deleted.Id);
        Assert.Equal(HttpStatusCode.NoContent, deletion.StatusCode);
        return (tenant, id.Replace("{other-org}", $"{otherInfluencer.Id}", StringComparison.Ordinal).Replace("{deleted}", $"{deleted.Id}", StringComparison.Ordinal));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string body) => body switch
    {
        "malformed" => client.SendRawAsync(method, path, """{"name":"""),
        TooLarge => client.SendRawAsync(method, path, ApiRequests.PadTo("""{"name":"Mia"}""", 16385)),
        "text/plain" => client.SendRawAsync(method, path, """{"name":"Mia"}""", "text/plain"),
        "no content type" => client.SendRawAsync(method, path, """{"name":"Mia"}""", contentType: null),
        "latin-1" => client.SendRawAsync(method, path, """{"name":"Mia"}""", "application/json; charset=iso-8859-1"),
        "invalid" => client.SendRawAsync(method, path, """{"gender":"x","Name":1}"""),
        _ => throw new ArgumentOutOfRangeException(nameof(body), body, null),
    };
}
