using Dapper;
using Npgsql;

namespace Layers.Infrastructure.Persistence;

/// <summary>Whether this instance can serve: its connections are open and the database answers.</summary>
public sealed class DatabaseHealth(NpgsqlDataSource dataSource, DatabaseWarmup warmup)
{
    public async Task<bool> IsReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Not ready until the pool's connections are open, so that no traffic is sent before.
        if (!warmup.IsComplete)
        {
            return false;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await dataSource.RunAsync(
                connection => connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1")),
                deadline.Token).ConfigureAwait(false) == 1;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException
                                              || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }
}
