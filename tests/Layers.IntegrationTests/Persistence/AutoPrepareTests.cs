using Dapper;
using Layers.Application.Influencers;
using Layers.Infrastructure;
using Layers.Infrastructure.Persistence;
using Layers.IntegrationTests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Layers.IntegrationTests.Persistence;

/// <summary>
/// With the default <see cref="DatabaseOptions"/>, a statement a connection runs again and again
/// is prepared on the server: PostgreSQL parses and plans it once per connection, not per request.
/// </summary>
public sealed class AutoPrepareTests(LayersFixture fixture)
{
    // The driver prepares a statement at its fifth use on a connection (AutoPrepareMinUsages).
    private const int UsesBeforePrepared = 5;

    [Fact]
    public async Task A_lookup_repeated_on_a_connection_is_prepared_on_the_server_and_still_reads_the_row()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var tenant = await Tenant.CreateAsync(fixture);
        var created = await tenant.CreateInfluencerAsync();

        // One connection, so that every statement below runs on it.
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddInfrastructure(fixture.ConnectionString, new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:MinPoolSize"] = "0", ["Database:MaxPoolSize"] = "1" }).Build())
            .BuildServiceProvider();
        var influencers = services.GetRequiredService<IInfluencerRepository>();
        for (var use = 1; use <= UsesBeforePrepared + 1; use++)
        {
            var found = await influencers.FindAsync(tenant.Org.Id, created.Id, cancellationToken);
            Assert.Equal(created.Name, found?.Name);
        }

        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(cancellationToken);
        var prepared = await connection.QueryAsync<string>(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%FROM influencers%'");
        Assert.Single(prepared);
    }
}
