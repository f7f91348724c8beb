using System.Text.Json;
using Dapper;
using Layers.Infrastructure.Persistence.Repositories;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Persistence;

/// <summary>
/// The listing's statements as PostgreSQL runs them on an org of 100 000 influencers: each page,
/// the first or one deep in the listing, of all projects or of one, is one scan of the listing's
/// index that reads just the rows of the page, with no sort and no sequential scan.
/// </summary>
public sealed class InfluencerListPlanTests(LayersFixture fixture)
{
    private const string ListIndex = "influencers_org_id_created_at_id_project_id";
    private const int Influencers = 100_000;
    private const int PageRows = 21;

    [Fact]
    public async Task Every_listing_page_is_one_index_range_of_its_own_rows_on_100_000_influencers()
    {
        // Its own org, so that no other test's listing sees these rows.
        var tenant = await Tenant.CreateAsync(fixture);
        var second = await tenant.CreateProjectAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await fixture.DataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO influencers (org_id, id, project_id, name, gender, brand_voice, language, status, created_at, updated_at)
            SELECT @OrgId, gen_random_uuid(), CASE WHEN n % 2 = 0 THEN @First ELSE @Second END,
                   'Bulk ' || n, 'female', 'warm', 'en', 'ready', at.t, at.t
            FROM generate_series(1, @Count) AS n,
                 LATERAL (SELECT now() - interval '1 day' - n * interval '1 millisecond' AS t) AS at
            """,
            new { OrgId = tenant.Org.Id.Value, First = tenant.Project.Id.Value, Second = second.Id.Value, Count = Influencers });
        await connection.ExecuteAsync("ANALYZE influencers");

        // A position 90 000 influencers deep.
        var deep = await connection.QuerySingleAsync<(DateTime CreatedAt, Guid Id)>(
            "SELECT created_at, id FROM influencers WHERE org_id = @OrgId ORDER BY created_at DESC, id DESC OFFSET 90000 LIMIT 1",
            new { OrgId = tenant.Org.Id.Value });

        foreach (var (ofProject, afterPosition) in new[] { (false, false), (false, true), (true, false), (true, true) })
        {
            var plan = await PlanAsync(connection, InfluencerRepository.ListStatement(ofProject, afterPosition), new
            {
                OrgId = tenant.Org.Id.Value,
                ProjectId = tenant.Project.Id.Value,
                AfterCreatedAt = new DateTimeOffset(deep.CreatedAt),
                AfterId = deep.Id,
                Count = PageRows,
            });
            var form = $"{(ofProject ? "one project" : "all projects")}, {(afterPosition ? "deep page" : "first page")}";

            var nodes = Nodes(plan).ToList();
            var scan = Assert.Single(nodes, node => node.TryGetProperty("Relation Name", out var relation) && relation.GetString() == "influencers");
            Assert.True(scan.GetProperty("Node Type").GetString() is "Index Scan" or "Index Only Scan", form);
            Assert.Equal(ListIndex, scan.GetProperty("Index Name").GetString());
            Assert.DoesNotContain(nodes, node => node.GetProperty("Node Type").GetString() is "Sort" or "Incremental Sort" or "Seq Scan");

            // Only the page's rows are read, however deep the page: the project is compared in the
            // index (no filter on the table's rows), and the position starts the range.
            Assert.False(scan.TryGetProperty("Filter", out _), form);
            Assert.Equal(PageRows, scan.GetProperty("Actual Rows").GetInt32());
        }
    }

    private static async Task<JsonElement> PlanAsync(Npgsql.NpgsqlConnection connection, string statement, object parameters)
    {
        var json = await connection.ExecuteScalarAsync<string>("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters);
        return JsonDocument.Parse(json!).RootElement[0].GetProperty("Plan").Clone();
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node) =>
        node.TryGetProperty("Plans", out var children)
            ? children.EnumerateArray().SelectMany(Nodes).Prepend(node)
            : [node];
}
