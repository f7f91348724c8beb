using System.Data;
using Npgsql;

namespace Layers.Infrastructure.Persistence;

/// <summary>
/// One connection and one transaction that every repository call of an asynchronous flow uses
/// while the transaction is current there (see <see cref="DataSourceCalls"/>), so that a use case's
/// writes and what is recorded about them commit together, without the repositories knowing.
/// </summary>
/// <remarks>
/// Not <see cref="System.Transactions.TransactionScope"/>: its commit and rollback are synchronous,
/// and Npgsql rolls back an enlisted connection that is still running a statement (one abandoned
/// at the request deadline) by sending cancel requests from the disposing thread, sleeping between
/// attempts; with the server frozen that would hold a thread per request, the starvation
/// <see cref="DataSourceCalls"/> avoids. Here a caller stops waiting at its deadline as everywhere
/// else; an abandoned transaction is never committed, and its connection is closed (rolling it
/// back) in the background once its last statement ends.
/// Calls within the flow must run one after the other: a connection runs one statement at a time.
/// </remarks>
internal sealed class AmbientTransaction(NpgsqlDataSource dataSource)
{
    private static readonly AsyncLocal<AmbientTransaction?> CurrentTransaction = new();

    private NpgsqlConnection? connection;
    private NpgsqlTransaction? transaction;
    private Task running = Task.CompletedTask;
    private bool committed;
    private bool ended;

    public static AmbientTransaction? Current => CurrentTransaction.Value;

    /// <summary>
    /// Makes a new transaction current in the calling flow. Synchronous on purpose: a value set
    /// inside an async method would not outlive it, and the caller's flow is the one that needs it.
    /// </summary>
    public static AmbientTransaction Enter(NpgsqlDataSource dataSource)
    {
        if (CurrentTransaction.Value is not null)
        {
            throw new InvalidOperationException("A transaction is already current in this flow.");
        }

        var entered = new AmbientTransaction(dataSource);
        CurrentTransaction.Value = entered;
        return entered;
    }

    public bool Uses(NpgsqlDataSource candidate) => ReferenceEquals(dataSource, candidate);

    /// <summary>Runs <paramref name="work"/> on the transaction's connection, opened and begun on first use.</summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(ended, this);
        if (!running.IsCompleted)
        {
            throw new InvalidOperationException("A statement of this transaction is still running; its calls must not overlap.");
        }

        var call = RunOnConnectionAsync(work, cancellationToken);
        running = call;
        return await DataSourceCalls.WaitAsync(call, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Commits. An exception (the deadline included) leaves the outcome unknown: the commit may
    /// still have happened.
    /// </summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await RunAsync(
            async _ =>
            {
                await transaction!.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                committed = true;
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops being current in the calling flow (synchronously, for the same reason as
    /// <see cref="Enter"/>) and closes the connection once its last statement has ended (one
    /// abandoned at the deadline may still be opening it). Closing a connection whose transaction
    /// was not committed rolls it back: a round trip that, with the server frozen, would never
    /// end, so nobody waits for it. A committed one goes back to the pool without a round trip.
    /// </summary>
    public ValueTask LeaveAsync()
    {
        if (ReferenceEquals(CurrentTransaction.Value, this))
        {
            CurrentTransaction.Value = null;
        }

        ended = true;
        var closing = running.IsCompleted
            ? CloseAsync()
            : running.ContinueWith(static (_, state) => ((AmbientTransaction)state!).CloseAsync(), this, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        if (committed)
        {
            return new ValueTask(closing);
        }

        _ = closing.ContinueWith(static closed => closed.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return ValueTask.CompletedTask;
    }

    private async Task CloseAsync()
    {
        if (connection is { } opened)
        {
            await opened.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<T> RunOnConnectionAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        if (connection is null)
        {
            var opened = await dataSource.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                // Npgsql sends the BEGIN with the first statement: no round trip of its own.
                transaction = await opened.BeginTransactionAsync(IsolationLevel.ReadCommitted, CancellationToken.None).ConfigureAwait(false);
            }
            catch
            {
                await opened.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            connection = opened;
        }

        // A caller that stopped waiting for the connection must not have its statement run later.
        cancellationToken.ThrowIfCancellationRequested();
        return await work(connection).ConfigureAwait(false);
    }
}
