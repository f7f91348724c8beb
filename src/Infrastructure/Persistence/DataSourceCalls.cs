using System.Data;
using System.Runtime.CompilerServices;
using Npgsql;

namespace Layers.Infrastructure.Persistence;

/// <summary>
/// How a repository runs its statements: on a pooled connection, and without waiting past the
/// caller's cancellation token. The token is handed to the driver only to wait for a connection.
/// A statement itself is bounded by the driver's command timeout instead, because the driver
/// cancels a running statement by a cancel request sent synchronously, from the token's callback,
/// to the same server: with that server frozen, the thread that cancels the token (the request
/// deadline's timer) was held for seconds, and every request due after it answered late. So the
/// caller stops waiting at once, and the abandoned statement ends in the background within the
/// command timeout and returns its connection to the pool. Repositories call these through
/// their scope's <see cref="DbSession"/>, which runs them in its transaction while one is under way.
/// </summary>
internal static class DataSourceCalls
{
    public static Task<T> RunAsync<T>(this NpgsqlDataSource dataSource, Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken) =>
        WaitAsync(RunOnConnectionAsync(dataSource, work, cancellationToken), cancellationToken);

    public static Task RunAsync(this NpgsqlDataSource dataSource, Func<NpgsqlConnection, Task> work, CancellationToken cancellationToken) =>
        dataSource.RunAsync(
            async connection =>
            {
                await work(connection).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction of its own (never the scope's), committed
    /// only if the caller still waits once the work is done. An autocommit statement abandoned at
    /// the caller's deadline still commits whenever the database comes to run it, after the caller
    /// has answered that it failed; this transaction is rolled back instead. Only a caller that
    /// stops waiting while the COMMIT is under way cannot know its outcome: <paramref name="undo"/>
    /// then runs in the background once the COMMIT has ended, and must do nothing when it did not commit.
    /// </summary>
    public static async Task<T> RunInTransactionAsync<T>(this NpgsqlDataSource dataSource, Func<NpgsqlConnection, Task<T>> work, Func<Task> undo, CancellationToken cancellationToken)
    {
        var commitSent = new StrongBox<bool>();
        var call = RunInTransactionOnConnectionAsync(dataSource, work, commitSent, cancellationToken);
        try
        {
            return await call.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _ = UndoIfCommitSentAsync(call, commitSent, undo);
            throw;
        }
    }

    /// <summary>Awaits <paramref name="call"/> until <paramref name="cancellationToken"/>; past it the call is abandoned, not stopped.</summary>
    public static async Task<T> WaitAsync<T>(Task<T> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!call.IsCompleted)
        {
            // Nobody awaits the abandoned call any more: observe its failure so it is not reported as unobserved.
            _ = call.ContinueWith(static abandoned => abandoned.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }
    }

    private static async Task<T> RunInTransactionOnConnectionAsync<T>(NpgsqlDataSource dataSource, Func<NpgsqlConnection, Task<T>> work, StrongBox<bool> commitSent, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        // Npgsql sends the BEGIN with the first statement: no round trip of its own.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, CancellationToken.None).ConfigureAwait(false);
        var result = await work(connection).ConfigureAwait(false);

        // A caller that stopped waiting has answered already: disposing the transaction rolls it back.
        cancellationToken.ThrowIfCancellationRequested();
        commitSent.Value = true;
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        return result;
    }

    private static async Task UndoIfCommitSentAsync(Task call, StrongBox<bool> commitSent, Func<Task> undo)
    {
        // Its failure is observed here and no one's to report (the caller has answered); only whether it sent the COMMIT matters.
        await call.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _ = call.Exception;
        if (commitSent.Value)
        {
            await undo().ConfigureAwait(false);
        }
    }

    private static async Task<T> RunOnConnectionAsync<T>(NpgsqlDataSource dataSource, Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);

        // A caller that stopped waiting for the connection must not have its statement run later.
        cancellationToken.ThrowIfCancellationRequested();
        return await work(connection).ConfigureAwait(false);
    }
}
