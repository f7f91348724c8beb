using System.Net;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Influencers;

public sealed class CloneInfluencerTests(LayersFixture fixture)
{
    [Theory]
    [InlineData("""{"language":"es-mx"}""", "Ava Chen")]
    [InlineData("""{"name":"Ava (MX)","language":"es-MX"}""", "Ava (MX)")]
    public async Task Clone_stores_a_ready_copy_in_the_language_and_leaves_the_source_row_as_it_was(string body, string name)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var source = await tenant.CreateInfluencerAsync();
        var before = await InfluencerRow.ReadExistingAsync(fixture.DataSource, source.Id.Value);
        using var client = await tenant.ClientAsync("influencers:write");
        var start = DateTime.UtcNow;

        using var response = await client.CloneInfluencerAsync(source.Id, body);

        var record = await ApiAssert.InfluencerAsync(response, HttpStatusCode.Created);
        var influencerId = record.GetProperty("influencerId").GetString()!;
        Assert.Equal($"/v1/influencers/{influencerId}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"v1\"", response.Headers.ETag?.ToString());
        var clone = await InfluencerRow.ReadExistingAsync(fixture.DataSource, Guid.ParseExact(influencerId[4..], "D"));
        ApiAssert.MatchesRow(record, clone);
        Assert.NotEqual(before.Id, clone.Id);
        Assert.Equal(
            (before.OrgId, before.ProjectId, name, before.Gender, before.AgeRange, before.BrandVoice, "es-MX", "ready", (DateTime?)null, 1L),
            (clone.OrgId, clone.ProjectId, clone.Name, clone.Gender, clone.AgeRange, clone.BrandVoice, clone.Language, clone.Status, clone.DeletedAt, clone.Version));
        Assert.Equal(clone.CreatedAt, clone.UpdatedAt);

        // PostgreSQL keeps microseconds, so the stored time may round to just before the start.
        Assert.InRange(clone.CreatedAt, start.AddMilliseconds(-1), DateTime.UtcNow);
        Assert.Equal(before, await InfluencerRow.ReadAsync(fixture.DataSource, source.Id.Value));
        Assert.Equal(2, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    [Theory]
    [InlineData("{missing}")]
    [InlineData("{other-org}")]
    [InlineData("{deleted}")]
    [InlineData("not-an-id")]
    public async Task Clone_of_an_influencer_the_caller_cannot_read_is_not_found_and_makes_nothing(string id)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var other = await Tenant.CreateAsync(fixture);
        var othersInfluencer = await other.CreateInfluencerAsync();
        var deleted = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();
        using var deletion = await client.DeleteInfluencerAsync(deleted.Id);
        Assert.Equal(HttpStatusCode.NoContent, deletion.StatusCode);
        id = id.Replace("{missing}", $"inf_{Guid.NewGuid()}", StringComparison.Ordinal)
            .Replace("{other-org}", $"{othersInfluencer.Id}", StringComparison.Ordinal)
            .Replace("{deleted}", $"{deleted.Id}", StringComparison.Ordinal);

        using var response = await client.CloneInfluencerAsync(id, """{"language":"fr"}""");

        await ApiAssert.InfluencerNotFoundAsync(response);
        Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
        Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, other.Org.Id.Value));
    }

    [Fact]
    public async Task Clone_without_a_language_is_refused_and_makes_nothing()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var source = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();

        using var response = await client.CloneInfluencerAsync(source.Id, """{"name":"Ava FR","gender":"male"}""");

        await ApiAssert.ValidationAsync(response, [], """{"gender":["Unrecognized field."],"language":["Required"]}""");
        Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    /// <summary>If-Match names the source's version to copy; If-None-Match, as on a create, is always satisfied.</summary>
    [Theory]
    [InlineData("If-Match", "\"v1\"", HttpStatusCode.Created)]
    [InlineData("If-Match", "\"v2\"", HttpStatusCode.PreconditionFailed)]
    [InlineData("If-Match", "W/\"v1\"", HttpStatusCode.PreconditionFailed)]
    [InlineData("If-None-Match", "*", HttpStatusCode.Created)]
    public async Task Clone_under_a_condition_copies_only_the_sources_version_that_If_Match_names(string condition, string tags, HttpStatusCode status)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var source = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();
        client.DefaultRequestHeaders.TryAddWithoutValidation(condition, tags);

        using var response = await client.CloneInfluencerAsync(source.Id, """{"language":"fr"}""");

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(status == HttpStatusCode.Created ? 2 : 1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }
}
