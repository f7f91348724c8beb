using System.Text.Json;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Influencers;

public sealed class GetInfluencerTests(LayersFixture fixture)
{
    [Fact]
    public async Task Get_returns_the_stored_record()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var row = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        using var client = await tenant.ClientAsync("influencers:read");

        using var response = await client.GetInfluencerAsync(influencer.Id);

        var record = await ApiAssert.InfluencerAsync(response);
        var created = ApiAssert.Rfc3339(influencer.CreatedAt.UtcDateTime);
        string?[] expected =
        [
            $"inf_{influencer.Id.Value:D}", $"prj_{tenant.Project.Id.Value:D}", "Ava Chen", "female", "young_adult", "authentic", "en", "ready",
            created, created,
        ];
        Assert.Equal(expected, record.EnumerateObject().Select(property => property.Value.GetString()));
        ApiAssert.MatchesRow(record, row);
        Assert.Equal(row, await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value));
    }

    [Fact]
    public async Task Get_renders_an_absent_age_range_as_null()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync(ageRange: null);
        using var client = await tenant.ClientAsync();

        using var response = await client.GetInfluencerAsync(influencer.Id);

        var record = await ApiAssert.InfluencerAsync(response);
        Assert.Equal(JsonValueKind.Null, record.GetProperty("ageRange").ValueKind);
        ApiAssert.MatchesRow(record, await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value));
    }

    [Fact]
    public async Task Get_returns_the_name_exactly_as_stored()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync(name: "Zoë \"Z\" <O'Brien> & 李 \U0001F600");
        using var client = await tenant.ClientAsync();

        using var response = await client.GetInfluencerAsync(influencer.Id);

        var record = await ApiAssert.InfluencerAsync(response);
        Assert.Equal(influencer.Name.Value, record.GetProperty("name").GetString());
    }
}
