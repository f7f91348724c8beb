using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Layers.Infrastructure.Persistence;

/// <summary>
/// Whether this instance can serve: its connections are open and the database answers. Not the
/// AspNetCore.HealthChecks.NpgSql check: that one cancels its statement through the token at its
/// timeout, which sends a cancel request to the server from the timer's thread, and a frozen
/// server held that thread; this one stops waiting instead (<see cref="DataSourceCalls"/>).
/// </summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource, DatabaseWarmup warmup) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Not ready until the pool's connections are open, so that no traffic is sent before.
        if (!warmup.IsComplete)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The start-up warm-up has not run yet.");
        }

        try
        {
            await dataSource.RunAsync(
                connection => connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1")),
                cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "PostgreSQL does not answer.", exception);
        }
    }
}
