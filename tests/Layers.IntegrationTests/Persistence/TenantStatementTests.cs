using System.Net;
using System.Text;
using Dapper;
using Layers.Application.Operations;
using Layers.IntegrationTests.Load;
using Layers.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Layers.IntegrationTests.Persistence;

/// <summary>
/// Every statement on a tenant table that the application ran in this test run filters by
/// org_id (or is one of <see cref="TenantScopedSql.Exemptions"/>): the statements are those the
/// driver actually executed (<see cref="ExecutedStatements"/>), so texts built at run time count
/// too. Runs after the parallel tests, so it judges what they made the application run as well,
/// and first makes every repository method run once, so it judges them all whatever else ran.
/// </summary>
[Collection(typeof(RunsAlone))]
public sealed class TenantStatementTests(LayersFixture fixture)
{
    [Fact]
    public async Task Every_statement_the_application_ran_on_a_tenant_table_filters_by_org_id()
    {
        await RunEveryRepositoryMethodAsync();
        var tenantTables = await TenantTablesAsync();
        var executed = ExecutedStatements.All;

        // The recorder did hear the application: a write to each tenant table at least.
        Assert.All(tenantTables, table => Assert.Contains(executed, sql => sql.Contains($"INSERT INTO {table}", StringComparison.OrdinalIgnoreCase)));
        var violations = executed.SelectMany(sql => TenantScopedSql.Violations(sql, tenantTables)).ToList();
        Assert.True(violations.Count == 0, $"Statements on tenant tables without their org:{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
    }

    private async Task RunEveryRepositoryMethodAsync()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var key = await tenant.CreateKeyAsync();
        using var client = fixture.CreateClient(key);
        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/influencers", UriKind.Relative))
        {
            Content = new StringContent($$"""{"projectId":"{{tenant.Project.Id}}","name":"Ava","gender":"female"}""", Encoding.UTF8, ApiRequests.Json),
        };
        create.Headers.Add("Idempotency-Key", $"{Guid.NewGuid()}");
        using (var created = await client.SendAsync(create, TestContext.Current.CancellationToken))
        using (var read = await client.GetInfluencerAsync(influencer.Id))
        using (var list = await client.GetAsync(new Uri($"/v1/influencers?projectId={tenant.Project.Id}", UriKind.Relative), TestContext.Current.CancellationToken))
        using (var patch = await client.PatchInfluencerAsync(influencer.Id, """{"name":"Mia Park"}"""))
        using (var clone = await client.SendRawAsync("POST", $"{ApiRequests.InfluencerPath(influencer.Id)}/clone", """{"language":"fr"}"""))
        using (var delete = await client.DeleteInfluencerAsync(influencer.Id))
        {
            Assert.Equal(
                [HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.NoContent],
                [created.StatusCode, read.StatusCode, list.StatusCode, patch.StatusCode, clone.StatusCode, delete.StatusCode]);
        }

        await using var scope = fixture.UseCases.CreateAsyncScope();
        var operators = scope.ServiceProvider.GetRequiredService<OperatorService>();
        Assert.NotEmpty(await operators.ListKeysAsync(tenant.Org.Slug.Value, CancellationToken.None));
        await tenant.RevokeKeyAsync(key);
    }

    private async Task<HashSet<string>> TenantTablesAsync()
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var tables = await connection.QueryAsync<string>(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'org_id'");
        return new HashSet<string>(tables, StringComparer.Ordinal);
    }
}
