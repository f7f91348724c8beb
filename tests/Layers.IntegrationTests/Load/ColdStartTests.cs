using Layers.Application.Common.Security;
using Layers.IntegrationTests.Support;
using Npgsql;

namespace Layers.IntegrationTests.Load;

/// <summary>
/// A freshly started API hit at once by 32 clients while PostgreSQL is healthy: the pool's
/// connections are open before it reports ready, so nothing waits behind new connections and no
/// answer is a 503.
/// </summary>
[Collection(typeof(RunsAlone))]
public sealed class ColdStartTests(LayersFixture fixture)
{
    private const int Clients = 32;
    private const int WarmConnections = 16;

    [Fact]
    public async Task A_fresh_instance_is_ready_only_with_its_connections_open_and_serves_a_burst_without_503()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var tenant = await Tenant.CreateAsync(fixture);
        var key = await tenant.CreateKeyAsync(Scopes.InfluencersRead, Scopes.InfluencersWrite);
        var influencerIds = new List<string>();
        for (var i = 0; i < LoadDriver.InfluencersFor(Clients); i++)
        {
            influencerIds.Add((await tenant.CreateInfluencerAsync()).Id.ToString());
        }

        var applicationName = $"cold-start-{Guid.NewGuid():N}";
        await using var api = await ApiProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["ConnectionStrings__Layers"] = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { ApplicationName = applicationName }.ConnectionString,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["RateLimiting__Enabled"] = "false",
                ["Database__MinPoolSize"] = $"{WarmConnections}",
            },
            cancellationToken);
        var openAtReady = await ConnectionsOfAsync(applicationName);
        using var http = LoadDriver.CreateHttpClient(api.BaseAddress, key, Clients);

        var burst = await new LoadDriver(http, influencerIds, Clients).RunAsync(TimeSpan.FromSeconds(3), cancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine($"connections open at ready: {openAtReady}; burst: {burst}");
        Assert.True(openAtReady >= WarmConnections, $"{openAtReady} connections open when it reported ready");
        Assert.Equal(0, burst.ServerErrors);
        Assert.Equal(0, burst.Unexpected);
    }

    private async Task<long> ConnectionsOfAsync(string applicationName)
    {
        await using var command = fixture.DataSource.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = applicationName });
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
