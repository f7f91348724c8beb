using System.Net;
using Dapper;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Influencers;

/// <summary>
/// The listing over HTTP and PostgreSQL: pages, their order and isolation, cursors across pages.
/// The parameter rules are tested on the parser (Layers.Api.Tests, Http/InfluencerQueriesTests) and the cursor's
/// binding on the query (Application); the plan is in Persistence/InfluencerListPlanTests.
/// </summary>
public sealed class ListInfluencersTests(LayersFixture fixture)
{
    private const string InvalidCursor = "Invalid cursor. Expected a nextCursor of this listing, sent with the same projectId.";

    // Whole milliseconds an hour ago: older than anything a test creates through the API, and
    // exact through PostgreSQL's microseconds.
    private static readonly DateTime Start = new(DateTime.UtcNow.AddHours(-1).Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    [Fact]
    public async Task Walking_every_page_while_others_create_and_delete_returns_newest_first_none_twice_and_none_skipped_that_stayed()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var other = await Tenant.CreateAsync(fixture);
        var second = await tenant.CreateProjectAsync();

        // Ten influencers a second apart in two projects; three share a creation time, so their
        // ids order them, and a page ends among them. Another org's at the same times, and a
        // deleted one, never show.
        var seeded = new List<Seeded>();
        for (var i = 0; i < 10; i++)
        {
            var createdAt = Start.AddSeconds(-(i is 3 or 4 ? 2 : i));
            seeded.Add(await SeedAsync(tenant.Org.Id.Value, i % 2 == 0 ? tenant.Project.Id.Value : second.Id.Value, createdAt));
            await SeedAsync(other.Org.Id.Value, other.Project.Id.Value, createdAt);
        }

        await SeedAsync(tenant.Org.Id.Value, tenant.Project.Id.Value, Start.AddSeconds(-2.5), deleted: true);
        var expected = NewestFirst(seeded);
        using var client = await tenant.ClientAsync();

        var seen = new List<Guid>();
        var pageSizes = new List<int>();
        string? cursor = null;
        do
        {
            using var response = await client.ListInfluencersAsync("?limit=3" + (cursor is null ? string.Empty : "&cursor=" + cursor));
            var (data, next) = await ApiAssert.PageAsync(response);
            foreach (var record in data)
            {
                var id = Guid.ParseExact(record.GetProperty("influencerId").GetString()![4..], "D");
                ApiAssert.MatchesRow(record, await InfluencerRow.ReadExistingAsync(fixture.DataSource, id));
                seen.Add(id);
            }

            pageSizes.Add(data.Count);
            if (pageSizes.Count == 1)
            {
                // Newer influencers appear before the walk's position; the one the cursor points at
                // and one not reached yet are deleted.
                await CreateThroughTheApiAsync(client, tenant);
                await CreateThroughTheApiAsync(client, tenant);
                await DeleteThroughTheApiAsync(client, expected[2].Id);
                await DeleteThroughTheApiAsync(client, expected[6].Id);
            }
            else if (pageSizes.Count == 2)
            {
                await DeleteThroughTheApiAsync(client, expected[0].Id);
                await CreateThroughTheApiAsync(client, tenant);
            }

            cursor = next;
        }
        while (cursor is not null);

        Assert.Equal(expected.Select(influencer => influencer.Id).Where(id => id != expected[6].Id), seen);
        Assert.Equal([3, 3, 3], pageSizes);
    }

    [Fact]
    public async Task A_projects_listing_holds_its_influencers_only_and_its_cursors_hold_for_that_listing_only()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var other = await Tenant.CreateAsync(fixture);
        var second = await tenant.CreateProjectAsync();
        var seeded = new List<Seeded>();
        for (var i = 0; i < 9; i++)
        {
            seeded.Add(await SeedAsync(tenant.Org.Id.Value, i % 2 == 0 ? tenant.Project.Id.Value : second.Id.Value, Start.AddSeconds(-i)));
        }

        using var client = await tenant.ClientAsync();
        var projectFilter = $"?projectId={tenant.Project.Id}";

        var seen = new List<Guid>();
        var cursors = new List<string>();
        string? cursor = null;
        do
        {
            using var response = await client.ListInfluencersAsync(projectFilter + "&limit=2" + (cursor is null ? string.Empty : "&cursor=" + cursor));
            var (data, next) = await ApiAssert.PageAsync(response);
            seen.AddRange(data.Select(record => Guid.ParseExact(record.GetProperty("influencerId").GetString()![4..], "D")));
            Assert.All(data, record => Assert.Equal(tenant.Project.Id.ToString(), record.GetProperty("projectId").GetString()));
            cursor = next;
            cursors.AddRange(next is null ? [] : [next]);
        }
        while (cursor is not null);

        Assert.Equal(NewestFirst(seeded.Where(influencer => influencer.ProjectId == tenant.Project.Id.Value)).Select(influencer => influencer.Id), seen);
        Assert.Equal(2, cursors.Count);

        // The same cursor without the filter, with another project's, or sent by another org's key.
        using var withoutFilter = await client.ListInfluencersAsync("?cursor=" + cursors[0]);
        using var otherProject = await client.ListInfluencersAsync($"?projectId={second.Id}&cursor={cursors[0]}");
        using var otherOrgsClient = await other.ClientAsync();
        using var otherOrg = await otherOrgsClient.ListInfluencersAsync($"{projectFilter}&cursor={cursors[0]}");
        using var malformed = await client.ListInfluencersAsync(projectFilter + "&cursor=abc");
        foreach (var refused in new[] { withoutFilter, otherProject, otherOrg, malformed })
        {
            await ApiAssert.ParametersValidationAsync(refused, $$"""{"cursor":["{{InvalidCursor}}"]}""");
        }
    }

    [Fact]
    public async Task A_project_not_of_the_callers_org_lists_an_empty_page()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var other = await Tenant.CreateAsync(fixture);
        await tenant.CreateInfluencerAsync();
        await other.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync("influencers:read");

        using var othersProject = await client.ListInfluencersAsync($"?projectId={other.Project.Id}");
        using var noSuchProject = await client.ListInfluencersAsync($"?projectId=prj_{Guid.NewGuid()}");

        foreach (var response in new[] { othersProject, noSuchProject })
        {
            var (data, next) = await ApiAssert.PageAsync(response);
            Assert.Empty(data);
            Assert.Null(next);
        }
    }

    [Fact]
    public async Task Every_parameter_problem_is_reported_at_once_by_parameter_name()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync("influencers:read");

        using var response = await client.ListInfluencersAsync("?limit=0&projectId=x&sort=name&cursor=abc&limit=5");

        await ApiAssert.ParametersValidationAsync(response, $$"""
            {
              "limit": ["Parameter must be given at most once.", "Limit must be an integer from 1 to 100."],
              "projectId": ["Invalid project id. Expected 'prj_<uuid>'."],
              "sort": ["Unrecognized parameter."],
              "cursor": ["{{InvalidCursor}}"]
            }
            """);
    }

    private sealed record Seeded(Guid Id, Guid ProjectId, DateTime CreatedAt);

    /// <summary>Newest first, ties by id, as PostgreSQL orders uuids (byte by byte, as their text).</summary>
    private static List<Seeded> NewestFirst(IEnumerable<Seeded> influencers) =>
        [.. influencers.OrderByDescending(influencer => influencer.CreatedAt).ThenByDescending(influencer => influencer.Id.ToString("D"), StringComparer.Ordinal)];

    private async Task<Seeded> SeedAsync(Guid orgId, Guid projectId, DateTime createdAt, bool deleted = false)
    {
        const string sql = """
            INSERT INTO influencers (org_id, id, project_id, name, gender, brand_voice, language, status, created_at, updated_at, deleted_at)
            VALUES (@OrgId, @Id, @ProjectId, 'Seeded', 'female', 'warm', 'en', 'ready', @CreatedAt, @CreatedAt, @DeletedAt)
            """;
        var seeded = new Seeded(Guid.CreateVersion7(), projectId, createdAt);
        await using var connection = await fixture.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(sql, new { OrgId = orgId, seeded.Id, ProjectId = projectId, CreatedAt = createdAt, DeletedAt = deleted ? createdAt : (DateTime?)null });
        return seeded;
    }

    private static async Task CreateThroughTheApiAsync(HttpClient client, Tenant tenant)
    {
        using var response = await client.CreateInfluencerAsync($$"""{"projectId":"{{tenant.Project.Id}}","name":"New","gender":"male"}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task DeleteThroughTheApiAsync(HttpClient client, Guid id)
    {
        using var response = await client.DeleteInfluencerAsync($"inf_{id}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
