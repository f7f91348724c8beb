using System.Net;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Influencers;

/// <summary>Which path ids find an influencer, and that other orgs' influencers are never found.</summary>
public sealed class InfluencerLookupTests(LayersFixture fixture)
{
    private const string ValidPatch = """{"brandVoice":"witty"}""";

    [Theory]
    [InlineData("GET", "inf_{uuid}")]
    [InlineData("GET", "{uuid}")]
    [InlineData("GET", "inf_{UUID}")]
    [InlineData("GET", "{UUID}")]
    [InlineData("PATCH", "inf_{UUID}")]
    [InlineData("PATCH", "{uuid}")]
    [InlineData("DELETE", "{UUID}")]
    public async Task Path_accepts_the_prefixed_or_bare_uuid_in_either_case(string method, string form)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();
        var uuid = influencer.Id.Value.ToString("D");
        var id = form.Replace("{uuid}", uuid, StringComparison.Ordinal).Replace("{UUID}", uuid.ToUpperInvariant(), StringComparison.Ordinal);

        using var response = await client.SendRawAsync(method, ApiRequests.InfluencerPath(id), method == "PATCH" ? ValidPatch : null);

        var row = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        if (method == "DELETE")
        {
            await ApiAssert.EmptyAsync(response, HttpStatusCode.NoContent);
            Assert.NotNull(row.DeletedAt);
        }
        else
        {
            // The record always renders the canonical lowercase, prefixed ids.
            var record = await ApiAssert.InfluencerAsync(response);
            Assert.Equal($"inf_{uuid}", record.GetProperty("influencerId").GetString());
            Assert.Equal($"prj_{tenant.Project.Id.Value:D}", record.GetProperty("projectId").GetString());
            ApiAssert.MatchesRow(record, row);
        }
    }

    [Theory]
    [InlineData("prj_{uuid}")]
    [InlineData("INF_{uuid}")]
    [InlineData("inf_inf_{uuid}")]
    [InlineData("inf_123")]
    [InlineData("inf_")]
    [InlineData("123")]
    [InlineData("{{uuid}}")]
    [InlineData("({uuid})")]
    [InlineData("{hex32}")]
    [InlineData("inf_{hex32}")]
    [InlineData("inf_{uuid}x")]
    [InlineData("inf_00000000-0000-0000-0000-000000000000")]
    [InlineData("inf_0193e2a4-7b1c-7def-8a01-5c7e9d3f2b10")]
    public async Task Any_other_id_is_not_found(string form)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var before = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        using var client = await tenant.ClientAsync();
        var id = form
            .Replace("{uuid}", influencer.Id.Value.ToString("D"), StringComparison.Ordinal)
            .Replace("{hex32}", influencer.Id.Value.ToString("N"), StringComparison.Ordinal);

        using var get = await client.GetInfluencerAsync(Uri.EscapeDataString(id));
        using var patch = await client.PatchInfluencerAsync(Uri.EscapeDataString(id), ValidPatch);
        using var delete = await client.DeleteInfluencerAsync(Uri.EscapeDataString(id));

        await ApiAssert.InfluencerNotFoundAsync(get);
        await ApiAssert.InfluencerNotFoundAsync(patch);
        await ApiAssert.InfluencerNotFoundAsync(delete);
        Assert.Equal(before, await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value));
    }

    [Fact]
    public async Task Another_orgs_influencer_answers_exactly_like_a_missing_one()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var other = await Tenant.CreateAsync(fixture);
        var theirs = await other.CreateInfluencerAsync();
        var before = await InfluencerRow.ReadExistingAsync(fixture.DataSource, theirs.Id.Value);
        using var client = await tenant.ClientAsync();
        var missing = $"inf_{Guid.CreateVersion7():D}";

        foreach (var (method, body) in new[] { ("GET", (string?)null), ("PATCH", ValidPatch), ("DELETE", null) })
        {
            using var forTheirs = await client.SendRawAsync(method, ApiRequests.InfluencerPath(theirs.Id), body);
            using var forMissing = await client.SendRawAsync(method, ApiRequests.InfluencerPath(missing), body);

            var theirsError = await ApiAssert.InfluencerNotFoundAsync(forTheirs);
            var missingError = await ApiAssert.InfluencerNotFoundAsync(forMissing);
            Assert.Equal(missingError with { RequestId = "" }, theirsError with { RequestId = "" });
        }

        Assert.Equal(before, await InfluencerRow.ReadAsync(fixture.DataSource, theirs.Id.Value));
    }
}
