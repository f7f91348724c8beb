using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Layers.Infrastructure.Persistence.ApiKeys;

/// <summary>
/// Holds one connection that LISTENs for keys created or revoked on any instance and evicts their
/// ids from <see cref="ApiKeyCache"/>. While the connection is down the cache is distrusted (emptied and
/// bypassed); it is trusted again only once LISTEN is back in place. An outage is logged as
/// <see cref="RetriedOutage"/> says, not once per retry.
/// </summary>
public sealed class ApiKeyChangeListener(
    NpgsqlDataSource dataSource,
    ApiKeyCache cache,
    ILogger<ApiKeyChangeListener> logger,
    TimeProvider clock) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly RetriedOutage outage = new(logger, clock, "Listening for API key changes", "keys are read from the database until it is back");

    // Without traffic on the connection a silently dropped link would go unnoticed; a periodic
    // round trip finds it within this interval.
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Whatever broke the connection, the cache stays distrusted until LISTEN is back.
                outage.Failed(exception);
                await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(false);
            }
            finally
            {
                cache.Distrust();
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
        connection.Notification += (_, notification) => cache.Evict(notification.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {ApiKeyRepository.ChangeChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
        }

        cache.Trust();
        outage.Succeeded();
        try
        {
            // The one statement with a driver timeout (see DatabaseOptions): it holds only this
            // listener's thread while the server is frozen, and breaks the connection after it.
            await using var ping = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = (int)PingTimeout.TotalSeconds };
            while (!stoppingToken.IsCancellationRequested)
            {
                if (!await connection.WaitAsync(PingInterval, stoppingToken).ConfigureAwait(false))
                {
                    await ping.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // Pooled connections are not reset on return, so the subscription must not go back with this one.
            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection) { CommandTimeout = (int)PingTimeout.TotalSeconds };
                await unlisten.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
