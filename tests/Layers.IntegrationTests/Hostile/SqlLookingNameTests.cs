using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Layers.Domain.Influencers;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Hostile;

/// <summary>
/// Names that look like SQL are data: stored and returned character for character, and the
/// statements they spell never run (the tenant's key still works afterwards).
/// </summary>
public sealed class SqlLookingNameTests(LayersFixture fixture)
{
    public static TheoryData<string> SqlLookingNames =>
    [
        "'; DROP TABLE influencers; --",
        "Robert'); DELETE FROM api_keys;--",
        "$$",
        "$body$ DELETE FROM orgs $body$",
        @"\x00",
        @"E'\\x41'",
        "' OR '1'='1",
        "1; SELECT pg_sleep(10)--",
        "@Name",
        ":name ? $1 %s {0}",
        "NULL",
    ];

    [Theory]
    [MemberData(nameof(SqlLookingNames))]
    public async Task Patch_stores_and_returns_a_sql_looking_name_literally(string name)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();

        using var response = await client.PatchAsJsonAsync(
            new Uri($"/v1/influencers/{influencer.Id}", UriKind.Relative), new { name }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        await AssertStoredLiterallyAsync(client, body, influencer.Id, name);
    }

    [Theory]
    [MemberData(nameof(SqlLookingNames))]
    public async Task Create_stores_and_returns_a_sql_looking_name_literally(string name)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();

        using var response = await client.PostAsJsonAsync(
            new Uri("/v1/influencers", UriKind.Relative),
            new { projectId = tenant.Project.Id.ToString(), name, gender = "female" },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(InfluencerId.TryParse(body.GetProperty("influencerId").GetString(), out var influencerId));
        await AssertStoredLiterallyAsync(client, body, influencerId.Value, name);
    }

    private async Task AssertStoredLiterallyAsync(HttpClient client, JsonElement body, InfluencerId id, string name)
    {
        Assert.Equal(name, body.GetProperty("name").GetString());
        var row = await InfluencerRow.ReadAsync(fixture.DataSource, id.Value);
        Assert.NotNull(row);
        Assert.Equal(name, row.Name);

        // The same key reading the same influencer proves api_keys and influencers are intact.
        using var read = await client.GetAsync(new Uri($"/v1/influencers/{id}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(name, (await read.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("name").GetString());
    }
}
