using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Influencers;

/// <summary>Optimistic concurrency, opt-in for clients: ETag, If-Match, If-None-Match.</summary>
public sealed class EntityTagTests(LayersFixture fixture)
{
    [Fact]
    public async Task Get_post_and_patch_carry_a_strong_etag_of_the_row_version()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();

        using var get = await client.GetAsync(HttpExtensions.InfluencerUri(influencer.Id), TestContext.Current.CancellationToken);
        using var patch = await client.PatchJsonAsync(influencer.Id, """{"name":"Ava Lee"}""");
        var row = await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value);

        Assert.Equal("\"v1\"", get.Headers.ETag?.ToString());
        Assert.Equal("\"v2\"", patch.Headers.ETag?.ToString());
        Assert.Equal(2, row!.Version);
    }

    [Fact]
    public async Task Patch_with_the_current_etag_applies()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();

        using var response = await client.PatchJsonAsync(influencer.Id, """{"brandVoice":"witty"}""", headers => headers.IfMatch.Add(new EntityTagHeaderValue("\"v1\"")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("witty", (await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value))!.BrandVoice);
    }

    [Theory]
    [InlineData("\"v7\"")]
    [InlineData("W/\"v1\"")]
    [InlineData("\"garbage\"")]
    [InlineData("\"v1\", *")]
    public async Task Patch_with_a_stale_weak_or_malformed_if_match_is_412_and_changes_nothing(string ifMatch)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();
        var before = await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value);

        using var response = await client.PatchJsonAsync(influencer.Id, """{"brandVoice":"witty"}""", headers => headers.TryAddWithoutValidation("If-Match", ifMatch));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("PRECONDITION_FAILED", await response.ErrorCodeAsync());
        Assert.Equal(before, await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value));
    }

    [Fact]
    public async Task Delete_with_a_stale_etag_is_412_and_the_influencer_stays()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Delete, HttpExtensions.InfluencerUri(influencer.Id));
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"v9\""));

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Null((await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value))!.DeletedAt);
    }

    [Theory]
    [InlineData("PATCH", "\"v1\"")]
    [InlineData("PATCH", "W/\"v1\"")]
    [InlineData("PATCH", "*")]
    [InlineData("DELETE", "\"v7\", \"v1\"")]
    [InlineData("DELETE", "*")]
    public async Task Write_with_if_none_match_naming_the_current_etag_or_star_is_412_and_changes_nothing(string method, string ifNoneMatch)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();
        var before = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        using var request = new HttpRequestMessage(new HttpMethod(method), HttpExtensions.InfluencerUri(influencer.Id))
        {
            Content = method == "PATCH" ? new StringContent("""{"brandVoice":"witty"}""", Encoding.UTF8, "application/json") : null,
        };
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await ApiAssert.PreconditionFailedAsync(response);
        Assert.Equal(before, await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value));
    }

    [Fact]
    public async Task Create_with_if_none_match_star_creates_since_the_new_influencer_cannot_exist_yet()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/influencers", UriKind.Relative))
        {
            Content = new StringContent($$"""{"projectId":"{{tenant.Project.Id}}","name":"Mia","gender":"female"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"v1\"", response.Headers.ETag?.ToString());
        Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    [Fact]
    public async Task Delete_with_the_current_etag_deletes()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Delete, HttpExtensions.InfluencerUri(influencer.Id));
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"v1\""));

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.NotNull((await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value))!.DeletedAt);
    }

    [Fact]
    public async Task A_missing_influencer_is_404_whatever_the_etag()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();

        using var response = await client.PatchJsonAsync($"inf_{Guid.NewGuid()}", """{"name":"x"}""", headers => headers.IfMatch.Add(new EntityTagHeaderValue("\"v1\"")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_with_the_current_etag_in_if_none_match_is_304_without_a_body()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, HttpExtensions.InfluencerUri(influencer.Id));
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"v1\""));

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("\"v1\"", response.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task Get_with_a_stale_if_match_answers_412()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, HttpExtensions.InfluencerUri(influencer.Id));
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"v7\""));

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await ApiAssert.PreconditionFailedAsync(response);
    }

    [Fact]
    public async Task Get_with_an_old_etag_in_if_none_match_returns_the_record()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();
        using var patch = await client.PatchJsonAsync(influencer.Id, """{"name":"Ava Lee"}""");
        using var request = new HttpRequestMessage(HttpMethod.Get, HttpExtensions.InfluencerUri(influencer.Id));
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"v1\""));

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Ava Lee", (await response.JsonAsync()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Concurrent_patches_with_the_same_etag_let_exactly_one_through()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            client.PatchJsonAsync(influencer.Id, $$"""{"name":"Writer {{i}}"}""", headers => headers.IfMatch.Add(new EntityTagHeaderValue("\"v1\"")))));

        Assert.Equal(1, responses.Count(response => response.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, responses.Count(response => response.StatusCode == HttpStatusCode.PreconditionFailed));
        Assert.Equal(2, (await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value))!.Version);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
