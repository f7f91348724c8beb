using Layers.Application.Common.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Layers.Infrastructure.Persistence;

/// <summary>
/// Opens the pool's minimum number of connections, so that a fresh instance does not meet its
/// first burst of traffic by opening them one request at a time, then runs the host's
/// <see cref="IStartupWarmup"/>s. Readiness waits for it.
/// </summary>
public sealed class DatabaseWarmup(
    NpgsqlDataSource dataSource,
    IOptions<DatabaseOptions> options,
    IEnumerable<IStartupWarmup> warmups,
    ILogger<DatabaseWarmup> logger,
    TimeProvider clock) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly RetriedOutage outage = new(logger, clock, "Start-up warm-up", "/readyz answers 503 until it has run");

    private volatile bool isComplete;

    public bool IsComplete => isComplete;

    /// <summary>Retries until it has all run: the database may start after the API.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!isComplete)
        {
            try
            {
                await OpenConnectionsAsync(stoppingToken).ConfigureAwait(false);
                foreach (var warmup in warmups)
                {
                    await warmup.WarmUpAsync(stoppingToken).ConfigureAwait(false);
                }

                isComplete = true;
                outage.Succeeded();
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                outage.Failed(exception);
                await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task OpenConnectionsAsync(CancellationToken stoppingToken)
    {
        var count = options.Value.MinPoolSize;
        var connections = new List<NpgsqlConnection>(count);
        try
        {
            // Held open all together, so that each one is a new physical connection.
            for (var i = 0; i < count; i++)
            {
                connections.Add(await dataSource.OpenConnectionAsync(stoppingToken).ConfigureAwait(false));
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

}
