using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Influencers;

public sealed class PatchInfluencerTests(LayersFixture fixture)
{
    [Theory]
    [InlineData("name", "\"Mia Park\"", "Mia Park")]
    [InlineData("gender", "\"non_binary\"", "non_binary")]
    [InlineData("ageRange", "\"senior\"", "senior")]
    [InlineData("ageRange", "null", null)]
    [InlineData("brandVoice", "\"witty\"", "witty")]
    [InlineData("language", "\"es-MX\"", "es-MX")]
    public async Task Patch_changes_only_the_sent_field(string field, string json, string? stored)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var before = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        using var client = await tenant.ClientAsync();

        using var response = await client.PatchInfluencerAsync(influencer.Id, $$"""{"{{field}}":{{json}}}""");

        var record = await ApiAssert.InfluencerAsync(response);
        var row = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        ApiAssert.MatchesRow(record, row);
        var changed = field switch
        {
            "name" => before with { Name = stored! },
            "gender" => before with { Gender = stored! },
            "ageRange" => before with { AgeRange = stored },
            "brandVoice" => before with { BrandVoice = stored! },
            _ => before with { Language = stored! },
        };
        Assert.Equal(changed with { UpdatedAt = row.UpdatedAt, Version = before.Version + 1 }, row);
        Assert.True(row.UpdatedAt > before.UpdatedAt);
    }

    [Fact]
    public async Task Patch_changes_every_sent_field_at_once()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var before = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        using var client = await tenant.ClientAsync();

        using var response = await client.PatchInfluencerAsync(
            influencer.Id,
            """{"name":"Mia Park","gender":"male","ageRange":"mature","brandVoice":"educational","language":"pt-BR"}""",
            "application/merge-patch+json");

        var record = await ApiAssert.InfluencerAsync(response);
        var row = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        ApiAssert.MatchesRow(record, row);
        var expected = before with
        {
            Name = "Mia Park",
            Gender = "male",
            AgeRange = "mature",
            BrandVoice = "educational",
            Language = "pt-BR",
            UpdatedAt = row.UpdatedAt,
            Version = before.Version + 1,
        };
        Assert.Equal(expected, row);
    }

    [Fact]
    public async Task Patch_sets_updated_at_to_now_and_never_changes_created_at()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var before = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        using var client = await tenant.ClientAsync();

        foreach (var name in new[] { "Mia", "Mia Park" })
        {
            var start = DateTime.UtcNow;
            using var response = await client.PatchInfluencerAsync(influencer.Id, $$"""{"name":"{{name}}"}""");
            var end = DateTime.UtcNow;

            var record = await ApiAssert.InfluencerAsync(response);
            Assert.InRange(ApiAssert.ParseRfc3339(record.GetProperty("updatedAt")), ApiAssert.WholeSeconds(start), end);
            Assert.Equal(ApiAssert.Rfc3339(before.CreatedAt), record.GetProperty("createdAt").GetString());
            var row = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);

            // PostgreSQL keeps microseconds, so the stored time may round to just before the start.
            Assert.InRange(row.UpdatedAt, start.AddMilliseconds(-1), end);
            Assert.Equal(before.CreatedAt, row.CreatedAt);
            ApiAssert.MatchesRow(record, row);
        }
    }

    [Theory]
    [InlineData("""{"name":"Ava Chen","gender":"female","ageRange":"young_adult","brandVoice":"authentic","language":"en"}""", false)]
    [InlineData("""{"name":"Ava Chen"}""", false)]
    [InlineData("""{"language":"EN"}""", false)]
    [InlineData("""{"ageRange":null}""", true)]
    public async Task Patch_with_the_current_values_changes_nothing(string body, bool withoutAgeRange)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = withoutAgeRange ? await tenant.CreateInfluencerAsync(ageRange: null) : await tenant.CreateInfluencerAsync();
        var before = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        using var client = await tenant.ClientAsync();

        using var response = await client.PatchInfluencerAsync(influencer.Id, body);

        var record = await ApiAssert.InfluencerAsync(response);
        ApiAssert.MatchesRow(record, before);
        Assert.Equal(before, await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value));
    }

    [Fact]
    public async Task Concurrent_patches_of_different_fields_both_survive()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();
        string[] voices = ["witty", "professional", "warm", "casual", "educational", "authentic"];

        for (var round = 0; round < 20; round++)
        {
            var name = $"Name {round}";
            var voice = voices[round % voices.Length];

            var responses = await Task.WhenAll(
                client.PatchInfluencerAsync(influencer.Id, $$"""{"name":"{{name}}"}"""),
                client.PatchInfluencerAsync(influencer.Id, $$"""{"brandVoice":"{{voice}}"}"""));

            foreach (var response in responses)
            {
                await ApiAssert.InfluencerAsync(response);
                response.Dispose();
            }

            var row = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
            Assert.Equal((name, voice), (row.Name, row.BrandVoice));
        }
    }
}
