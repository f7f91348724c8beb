using Dapper;
using Layers.Infrastructure.Persistence;
using Layers.IntegrationTests.Support;
using Npgsql;

namespace Layers.IntegrationTests.Persistence;

/// <summary>
/// <see cref="DataSourceCalls.RunInTransactionAsync"/> when its caller stops waiting while the COMMIT
/// is under way: the caller cannot know whether it committed, so the undo runs once it has.
/// </summary>
public sealed class TransactionWhileAwaitedTests(LayersFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_commit_its_caller_stopped_waiting_for_is_undone_once_it_has_committed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var table = $"commit_window_{Guid.NewGuid():N}";

        // A deferred unique check waits at COMMIT for another transaction holding the same value:
        // the COMMIT stays under way for as long as the test keeps that transaction open.
        await ExecuteAsync($"CREATE TABLE {table} (id int UNIQUE DEFERRABLE INITIALLY DEFERRED)");
        try
        {
            await using var holder = await fixture.DataSource.OpenConnectionAsync(cancellationToken);
            await using var holding = await holder.BeginTransactionAsync(cancellationToken);
            await holder.ExecuteAsync($"INSERT INTO {table} VALUES (1)", transaction: holding);

            using var caller = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var backend = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var undone = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var call = fixture.DataSource.RunInTransactionAsync(
                async connection =>
                {
                    backend.SetResult(await connection.ExecuteScalarAsync<int>("SELECT pg_backend_pid()"));
                    return await connection.ExecuteAsync($"INSERT INTO {table} VALUES (1)");
                },
                async () => undone.SetResult(await CountAsync(table)),
                caller.Token);

            await WaitUntilCommitWaitsAsync(await backend.Task.WaitAsync(Patience, cancellationToken));
            await caller.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
            Assert.False(undone.Task.IsCompleted);

            await holding.RollbackAsync(cancellationToken);

            Assert.Equal(1, await undone.Task.WaitAsync(Patience, cancellationToken));
        }
        finally
        {
            await ExecuteAsync($"DROP TABLE {table}");
        }
    }

    private async Task WaitUntilCommitWaitsAsync(int backend)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await ScalarAsync<string?>("SELECT wait_event_type FROM pg_stat_activity WHERE pid = @Backend AND state = 'active'", new { Backend = backend }) != "Lock")
        {
            Assert.True(waited.Elapsed < Patience, "the COMMIT never waited for the holding transaction");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private Task<long> CountAsync(string table) => ScalarAsync<long>($"SELECT count(*) FROM {table}");

    private async Task<T?> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<T>(sql, parameters);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(sql);
    }
}
