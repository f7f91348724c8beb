using System.Net;
using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Layers.IntegrationTests.Http;

/// <summary>
/// The error envelope and request id on every route, and the body limits shared by PATCH and POST.
/// Every assertion on an error goes through <see cref="ApiError.ReadAsync"/>, which checks the envelope.
/// </summary>
public sealed class ErrorEnvelopeTests(LayersFixture fixture)
{
    private const string Patch = """{"name":"Mia Park"}""";

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/v1")]
    [InlineData("GET", "/v1/no-such-route")]
    [InlineData("GET", "/v2/influencers/{id}")]
    [InlineData("GET", "/v1/influencers/{id}/extra")]
    [InlineData("POST", "/v1/projects")]
    public async Task Unknown_route_with_a_valid_key_is_not_found(string method, string path)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();

        using var response = await client.SendRawAsync(method, path.Replace("{id}", $"{influencer.Id}", StringComparison.Ordinal), Patch);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND", "Route not found.");
    }

    [Theory]
    [InlineData("PUT", "/v1/influencers/{id}")]
    [InlineData("POST", "/v1/influencers/{id}")]
    [InlineData("GET", "/v1/influencers/{id}/clone")]
    [InlineData("PATCH", "/v1/influencers")]
    [InlineData("DELETE", "/v1/influencers")]
    public async Task Wrong_method_on_a_known_route_is_method_not_allowed(string method, string path)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var before = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        using var client = await tenant.ClientAsync();

        using var response = await client.SendRawAsync(method, path.Replace("{id}", $"{influencer.Id}", StringComparison.Ordinal), Patch);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED", "Method not allowed on this route.");
        Assert.Equal(before, await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value));
    }

    /// <summary>
    /// Expected outcomes, whether an exception or a bodiless status answered them, are logged
    /// neither by the API nor by the framework's exception handler as errors.
    /// </summary>
    [Fact]
    public async Task Expected_errors_are_not_logged_as_errors()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var key = await tenant.CreateKeyAsync();
        var logs = new CapturedLogs();
        await using var host = fixture.AnotherHost(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);

        using var unknown = await client.GetInfluencerAsync($"inf_{Guid.NewGuid()}");
        using var invalid = await client.PatchInfluencerAsync(influencer.Id, """{"gender":null}""");
        using var unsupported = await client.PatchInfluencerAsync(influencer.Id, Patch, "text/plain");
        using var unknownRoute = await client.SendRawAsync("GET", "/v1/no-such-route", Patch);
        using var wrongMethod = await client.SendRawAsync("PUT", ApiRequests.InfluencerPath(influencer.Id), Patch);

        await ApiAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "NOT_FOUND", "Influencer not found.");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        await ApiAssert.UnsupportedMediaTypeAsync(unsupported);
        await ApiAssert.ErrorAsync(unknownRoute, HttpStatusCode.NotFound, "NOT_FOUND", "Route not found.");
        await ApiAssert.ErrorAsync(wrongMethod, HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED", "Method not allowed on this route.");
        Assert.Empty(logs.AtLeast(LogLevel.Error));
    }

    [Fact]
    public async Task Every_success_carries_its_own_request_id()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();

        using var get = await client.GetInfluencerAsync(influencer.Id);
        using var patch = await client.PatchInfluencerAsync(influencer.Id, Patch);
        using var create = await client.CreateInfluencerAsync($$"""{"projectId":"{{tenant.Project.Id}}","name":"Mia","gender":"male"}""");
        using var delete = await client.DeleteInfluencerAsync(influencer.Id);

        await ApiAssert.InfluencerAsync(get);
        await ApiAssert.InfluencerAsync(patch);
        await ApiAssert.InfluencerAsync(create, HttpStatusCode.Created);
        await ApiAssert.EmptyAsync(delete, HttpStatusCode.NoContent);
        string[] ids = [ApiAssert.RequestId(get), ApiAssert.RequestId(patch), ApiAssert.RequestId(create), ApiAssert.RequestId(delete)];
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("PATCH", false)]
    [InlineData("PATCH", true)]
    [InlineData("POST", false)]
    [InlineData("POST", true)]
    public async Task Body_over_16_KiB_is_payload_too_large(string method, bool withoutContentLength)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var before = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        using var client = await tenant.ClientAsync();
        var body = ApiRequests.PadTo(
            method == "POST" ? $$"""{"projectId":"{{tenant.Project.Id}}","name":"Mia","gender":"male"}""" : Patch,
            16385);
        using var response = await client.SendRawAsync(method, method == "POST" ? "/v1/influencers" : ApiRequests.InfluencerPath(influencer.Id), ApiRequests.Body(body, withoutContentLength), "application/json");

        await ApiAssert.PayloadTooLargeAsync(response);
        Assert.Equal(before, await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value));
        Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Body_of_exactly_16_KiB_is_accepted(bool withoutContentLength)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();
        var body = ApiRequests.PadTo(Patch, 16384);
        using var response = await client.SendRawAsync("PATCH", ApiRequests.InfluencerPath(influencer.Id), ApiRequests.Body(body, withoutContentLength), "application/json");

        var record = await ApiAssert.InfluencerAsync(response);
        Assert.Equal("Mia Park", (await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value)).Name);
        Assert.Equal("Mia Park", record.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("PATCH", "text/plain")]
    [InlineData("PATCH", "text/plain; charset=utf-8")]
    [InlineData("PATCH", "application/xml")]
    [InlineData("PATCH", "application/x-www-form-urlencoded")]
    [InlineData("PATCH", "application/json; charset=utf-16")]
    [InlineData("PATCH", "application/json; charset=iso-8859-1")]
    [InlineData("PATCH", "application/merge-patch+json; charset=us-ascii")]
    [InlineData("PATCH", "application/json-patch+json")]
    [InlineData("PATCH", "json")]
    [InlineData("PATCH", null)]
    [InlineData("POST", "text/plain")]
    [InlineData("POST", null)]
    public async Task Body_of_another_media_type_is_unsupported(string method, string? contentType)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var before = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        using var client = await tenant.ClientAsync();

        using var response = method == "POST"
            ? await client.CreateInfluencerAsync($$"""{"projectId":"{{tenant.Project.Id}}","name":"Mia","gender":"male"}""", contentType)
            : await client.PatchInfluencerAsync(influencer.Id, Patch, contentType);

        await ApiAssert.UnsupportedMediaTypeAsync(response);
        Assert.Equal(before, await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value));
        Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json;charset=UTF-8")]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("APPLICATION/JSON")]
    [InlineData("application/merge-patch+json")]
    [InlineData("application/merge-patch+json; charset=utf-8")]
    public async Task Json_media_types_are_accepted(string contentType)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();

        using var response = await client.PatchInfluencerAsync(influencer.Id, Patch, contentType);

        var record = await ApiAssert.InfluencerAsync(response);
        var row = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        Assert.Equal("Mia Park", row.Name);
        ApiAssert.MatchesRow(record, row);
    }
}
