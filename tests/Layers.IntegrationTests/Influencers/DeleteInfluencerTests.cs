using System.Net;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Influencers;

public sealed class DeleteInfluencerTests(LayersFixture fixture)
{
    [Fact]
    public async Task Delete_answers_no_content_and_keeps_the_row_marked_deleted()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var before = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        using var client = await tenant.ClientAsync();
        var start = DateTime.UtcNow;

        using var response = await client.DeleteInfluencerAsync(influencer.Id);

        await ApiAssert.EmptyAsync(response, HttpStatusCode.NoContent);
        var row = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        Assert.NotNull(row.DeletedAt);

        // PostgreSQL keeps microseconds, so the stored time may round to just before the start.
        Assert.InRange(row.DeletedAt.Value, start.AddMilliseconds(-1), DateTime.UtcNow);
        Assert.Equal(before with { DeletedAt = row.DeletedAt, UpdatedAt = row.UpdatedAt, Version = row.Version }, row);
    }

    [Fact]
    public async Task Deleted_influencer_is_not_found_for_get_patch_and_delete()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();
        using var deletion = await client.DeleteInfluencerAsync(influencer.Id);
        Assert.Equal(HttpStatusCode.NoContent, deletion.StatusCode);
        var deleted = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);

        using var get = await client.GetInfluencerAsync(influencer.Id);
        using var patch = await client.PatchInfluencerAsync(influencer.Id, """{"name":"Mia"}""");
        using var delete = await client.DeleteInfluencerAsync(influencer.Id);

        await ApiAssert.InfluencerNotFoundAsync(get);
        await ApiAssert.InfluencerNotFoundAsync(patch);
        await ApiAssert.InfluencerNotFoundAsync(delete);
        Assert.Equal(deleted, await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value));
    }

    [Fact]
    public async Task Deleting_one_influencer_leaves_the_others_alone()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var doomed = await tenant.CreateInfluencerAsync();
        var kept = await tenant.CreateInfluencerAsync(name: "Kai");
        var keptBefore = await InfluencerRow.ReadExistingAsync(fixture.DataSource, kept.Id.Value);
        using var client = await tenant.ClientAsync();

        using var response = await client.DeleteInfluencerAsync(doomed.Id);
        using var get = await client.GetInfluencerAsync(kept.Id);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        ApiAssert.MatchesRow(await ApiAssert.InfluencerAsync(get), keptBefore);
        Assert.Equal(keptBefore, await InfluencerRow.ReadAsync(fixture.DataSource, kept.Id.Value));
    }
}
