using System.Globalization;
using System.Text.Json;
using Dapper;
using Layers.Infrastructure.Persistence.Repositories;
using Layers.IntegrationTests.Support;
using Npgsql;

namespace Layers.IntegrationTests.Persistence;

/// <summary>
/// The listing's statements as PostgreSQL runs them on an org of 100 000 influencers, both as
/// planned for their values (custom plan) and as planned once for any values (the generic plan,
/// which a statement the driver prepared on the server runs after a few executions): each page,
/// the first or one deep in the listing, of all projects, of a large project, of an empty one or
/// of one with a few old rows, is one scan of an index that starts at the page's first row and
/// reads just the rows of the page, with no sort and no sequential scan.
/// </summary>
public sealed class InfluencerListPlanTests(LayersFixture fixture)
{
    private const string OrgIndex = "influencers_org_id_created_at_id_project_id";
    private const string ProjectIndex = "influencers_org_id_project_id_created_at_id";
    private const int Influencers = 100_000;
    private const int OldInfluencers = 3;
    private const int PageRows = 21;

    // What a page may touch: a descent of the index (three levels at this size), the leaf pages
    // its entries span, and a table page per row at most. A range over the org's entries touches
    // hundreds of index pages, so the margin does not hide one.
    private const int MaxPageBuffers = PageRows + 8;

    [Fact]
    public async Task Every_listing_page_reads_only_its_own_rows_on_100_000_influencers_in_the_custom_and_the_generic_plan()
    {
        // Its own org, so that no other test's listing sees these rows.
        var tenant = await Tenant.CreateAsync(fixture);
        var second = await tenant.CreateProjectAsync();
        var empty = await tenant.CreateProjectAsync("Empty");
        var old = await tenant.CreateProjectAsync("Old");
        var cancellationToken = TestContext.Current.CancellationToken;

        // A connection of its own, closed at the end: the pool keeps a session's settings.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO influencers (org_id, id, project_id, name, gender, brand_voice, language, status, created_at, updated_at)
            SELECT @OrgId, gen_random_uuid(), CASE WHEN n % 2 = 0 THEN @First ELSE @Second END,
                   'Bulk ' || n, 'female', 'warm', 'en', 'ready', at.t, at.t
            FROM generate_series(1, @Count) AS n,
                 LATERAL (SELECT now() - interval '1 day' - n * interval '1 millisecond' AS t) AS at
            """,
            new { OrgId = tenant.Org.Id.Value, First = tenant.Project.Id.Value, Second = second.Id.Value, Count = Influencers });

        // A sparse old project: a few influencers older than all the others, at the far end of the org's range.
        await connection.ExecuteAsync(
            """
            INSERT INTO influencers (org_id, id, project_id, name, gender, brand_voice, language, status, created_at, updated_at)
            SELECT @OrgId, gen_random_uuid(), @Old, 'Old ' || n, 'female', 'warm', 'en', 'ready', at.t, at.t
            FROM generate_series(1, @Count) AS n,
                 LATERAL (SELECT now() - interval '1 year' - n * interval '1 millisecond' AS t) AS at
            """,
            new { OrgId = tenant.Org.Id.Value, Old = old.Id.Value, Count = OldInfluencers });
        await connection.ExecuteAsync("ANALYZE influencers");

        // A position 90 000 influencers deep, and the position of the old project's newest.
        var deep = await PositionAsync(connection, "SELECT created_at, id FROM influencers WHERE org_id = @OrgId ORDER BY created_at DESC, id DESC OFFSET 90000 LIMIT 1", tenant.Org.Id.Value, null);
        var oldNewest = await PositionAsync(connection, "SELECT created_at, id FROM influencers WHERE org_id = @OrgId AND project_id = @ProjectId ORDER BY created_at DESC, id DESC LIMIT 1", tenant.Org.Id.Value, old.Id.Value);

        var pages = new (string Form, Guid? ProjectId, (DateTime CreatedAt, Guid Id)? After, int Rows)[]
        {
            ("all projects, first page", null, null, PageRows),
            ("all projects, deep page", null, deep, PageRows),
            ("large project, first page", tenant.Project.Id.Value, null, PageRows),
            ("large project, deep page", tenant.Project.Id.Value, deep, PageRows),
            ("empty project", empty.Id.Value, null, 0),
            ("sparse old project, first page", old.Id.Value, null, OldInfluencers),
            ("sparse old project, page after its newest", old.Id.Value, oldNewest, OldInfluencers - 1),
        };

        var checks = new List<Action>();
        foreach (var (form, projectId, after, rows) in pages)
        {
            var statement = InfluencerRepository.ListStatement(projectId is not null, after is not null);
            var values = new PageValues(tenant.Org.Id.Value, projectId, after is { } position ? new DateTimeOffset(position.CreatedAt) : null, after?.Id, PageRows);
            var index = projectId is null ? OrgIndex : ProjectIndex;
            checks.Add(Check($"{form}, custom plan", await CustomPlanAsync(connection, statement, values), index, rows, generic: false));
            checks.Add(Check($"{form}, generic plan", await GenericPlanAsync(connection, statement, values), index, rows, generic: true));
        }

        Assert.Multiple([.. checks]);
    }

    private static Action Check(string form, JsonElement plan, string index, int rows, bool generic) => () =>
    {
        // Everything the statement touches is bounded by the page's rows, not by the org's or the
        // project's size: the index's conditions start the range at the page's first row, with no
        // filter on the rows read, in the plan made for the values and in the one made for any.
        var buffers = plan.GetProperty("Shared Hit Blocks").GetInt32() + plan.GetProperty("Shared Read Blocks").GetInt32();
        Assert.True(buffers <= MaxPageBuffers, $"{form}: {buffers} buffers, more than {MaxPageBuffers}");
        var nodes = Nodes(plan).ToList();
        var scan = Assert.Single(nodes, node => node.TryGetProperty("Relation Name", out var relation) && relation.GetString() == "influencers");
        Assert.True(rows == scan.GetProperty("Actual Rows").GetInt32(), $"{form}: {scan.GetProperty("Actual Rows")} rows, not {rows}");
        Assert.True(scan.GetProperty("Node Type").GetString() is "Index Scan" or "Index Only Scan", $"{form}: {scan.GetProperty("Node Type")}");
        Assert.True(index == scan.GetProperty("Index Name").GetString(), $"{form}: scans {scan.GetProperty("Index Name")}, not {index}");
        Assert.False(scan.TryGetProperty("Filter", out _), form);
        Assert.DoesNotContain(nodes, node => node.GetProperty("Node Type").GetString() is "Sort" or "Incremental Sort" or "Seq Scan");

        // The plan asked for: a generic plan compares with the parameters, not with values folded in.
        Assert.True(generic == scan.GetProperty("Index Cond").GetString()!.Contains("$1", StringComparison.Ordinal), $"{form}: {scan.GetProperty("Index Cond")}");
    };

    private static async Task<(DateTime CreatedAt, Guid Id)> PositionAsync(NpgsqlConnection connection, string sql, Guid orgId, Guid? projectId) =>
        await connection.QuerySingleAsync<(DateTime CreatedAt, Guid Id)>(sql, new { OrgId = orgId, ProjectId = projectId });

    private static async Task<JsonElement> CustomPlanAsync(NpgsqlConnection connection, string statement, PageValues values) =>
        Plan(await connection.ExecuteScalarAsync<string>("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement, values));

    /// <summary>The plan that PostgreSQL makes once for the statement, whatever its parameters' values, run with these.</summary>
    private static async Task<JsonElement> GenericPlanAsync(NpgsqlConnection connection, string statement, PageValues values)
    {
        var parameters = values.Positional();
        var positional = statement;
        for (var position = 0; position < parameters.Length; position++)
        {
            positional = positional.Replace($"@{parameters[position].Name}", $"${position + 1}", StringComparison.Ordinal);
        }

        await connection.ExecuteAsync($"PREPARE list_page ({string.Join(", ", parameters.Select(parameter => parameter.Type))}) AS {positional}");
        try
        {
            await connection.ExecuteAsync("SET plan_cache_mode = force_generic_plan");
            return Plan(await connection.ExecuteScalarAsync<string>(
                $"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE list_page ({string.Join(", ", parameters.Select(parameter => parameter.Literal))})"));
        }
        finally
        {
            await connection.ExecuteAsync("RESET plan_cache_mode; DEALLOCATE list_page");
        }
    }

    private static JsonElement Plan(string? json) => JsonDocument.Parse(json!).RootElement[0].GetProperty("Plan").Clone();

    private static IEnumerable<JsonElement> Nodes(JsonElement node) =>
        node.TryGetProperty("Plans", out var children)
            ? children.EnumerateArray().SelectMany(Nodes).Prepend(node)
            : [node];

    /// <summary>The values of one page's statement, by the names the statement gives them.</summary>
    private sealed record PageValues(Guid OrgId, Guid? ProjectId, DateTimeOffset? AfterCreatedAt, Guid? AfterId, int Count)
    {
        /// <summary>
        /// The parameters in the positions of the prepared form, with their types and values as
        /// SQL literals: EXPLAIN EXECUTE takes no bound parameters, so the test writes its own values.
        /// </summary>
        public (string Name, string Type, string Literal)[] Positional() =>
        [
            (nameof(OrgId), "uuid", Quote(OrgId)),
            (nameof(ProjectId), "uuid", Quote(ProjectId)),
            (nameof(AfterCreatedAt), "timestamptz", Quote(AfterCreatedAt?.ToString("O", CultureInfo.InvariantCulture))),
            (nameof(AfterId), "uuid", Quote(AfterId)),
            (nameof(Count), "integer", Count.ToString(CultureInfo.InvariantCulture)),
        ];

        private static string Quote(object? value) => value is null ? "NULL" : $"'{value}'";
    }
}
