using Npgsql;

namespace Layers.Bench.Runner;

/// <summary>The database's own counters and housekeeping between runs, over a connection of its own.</summary>
internal sealed class PostgresProbe(string connectionString)
{
    // Unpooled: an idle pooled connection would count as a client that WaitForNoClientsAsync waits out.
    private readonly string connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    /// <summary>
    /// Statements that touch the PATCH's tables (each is one index or sequential scan), and
    /// transactions, which would also count a DISCARD ALL per reuse of a pooled connection.
    /// </summary>
    public async Task<(long Statements, long Transactions)> CountsAsync()
    {
        await using var connection = await OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT sum(coalesce(idx_scan, 0) + seq_scan)::bigint FROM pg_stat_user_tables WHERE relname IN ('influencers', 'api_keys')),
                   xact_commit
            FROM pg_stat_database WHERE datname = current_database()
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.ReadAsync().ConfigureAwait(false);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Every run starts from the same table: the previous run's dead row versions vacuumed.</summary>
    public async Task VacuumAsync()
    {
        await using var connection = await OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand("VACUUM ANALYZE influencers", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Waits (up to 10 s) until no other client is connected: backends' statistics and CPU time are
    /// only complete once they have exited.
    /// </summary>
    public async Task WaitForNoClientsAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && await OtherClientsAsync().ConfigureAwait(false) > 0)
        {
            await Task.Delay(100).ConfigureAwait(false);
        }

        await Task.Delay(200).ConfigureAwait(false);
    }

    private async Task<long> OtherClientsAsync()
    {
        await using var connection = await OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()",
            connection);
        return (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        return connection;
    }
}
