using System.Data;
using Layers.Application.Common.Persistence;
using Npgsql;

namespace Layers.Infrastructure.Persistence;

/// <summary>
/// The scope's <see cref="IUnitOfWork"/>, through which every repository of the scope runs its
/// statements: on pooled connections (see <see cref="DataSourceCalls"/>), or, while a transaction
/// is under way, on its one connection, opened and begun on first use.
/// </summary>
/// <remarks>
/// Not <see cref="System.Transactions.TransactionScope"/>: its commit and rollback are synchronous,
/// and Npgsql rolls back an enlisted connection that is still running a statement (one abandoned
/// at the request deadline) by sending cancel requests from the disposing thread, sleeping between
/// attempts; with the server frozen that would hold a thread per request, the starvation
/// <see cref="DataSourceCalls"/> avoids. Here a caller stops waiting at its deadline as everywhere
/// else; an abandoned transaction is never committed, and its connection is closed (rolling it
/// back) in the background once its last statement ends.
/// </remarks>
public sealed class DbSession(NpgsqlDataSource dataSource) : IUnitOfWork
{
    private Transaction? current;

    public bool HasActiveTransaction => current is not null;

    public void Begin()
    {
        if (current is not null)
        {
            throw new InvalidOperationException("A transaction is already under way in this scope.");
        }

        current = new Transaction(dataSource);
    }

    /// <summary>Runs <paramref name="work"/> in the transaction under way, or else on a pooled connection of its own.</summary>
    public Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken) =>
        current is { } transaction ? transaction.RunAsync(work, cancellationToken) : dataSource.RunAsync(work, cancellationToken);

    public Task RunAsync(Func<NpgsqlConnection, Task> work, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await work(connection).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) =>
        (current ?? throw new InvalidOperationException("No transaction is under way in this scope.")).CommitAsync(cancellationToken);

    public Task EndAsync()
    {
        var ending = current;
        current = null;
        return ending?.EndAsync() ?? Task.CompletedTask;
    }

    /// <summary>One transaction on one connection; its calls must run one after the other.</summary>
    private sealed class Transaction(NpgsqlDataSource dataSource)
    {
        private NpgsqlConnection? connection;
        private NpgsqlTransaction? transaction;
        private Task running = Task.CompletedTask;
        private bool committed;

        public async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
        {
            if (!running.IsCompleted)
            {
                throw new InvalidOperationException("A statement of this transaction is still running; its calls must not overlap.");
            }

            var call = RunOnConnectionAsync(work, cancellationToken);
            running = call;
            return await DataSourceCalls.WaitAsync(call, cancellationToken).ConfigureAwait(false);
        }

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
        /// Closes the connection once its last statement has ended (one abandoned at the deadline
        /// may still be opening it). Closing a connection whose transaction was not committed rolls
        /// it back: a round trip that, with the server frozen, would never end, so nobody waits for
        /// it. A committed one goes back to the pool without a round trip.
        /// </summary>
        public Task EndAsync()
        {
            var closing = running.IsCompleted
                ? CloseAsync()
                : running.ContinueWith(static (_, state) => ((Transaction)state!).CloseAsync(), this, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            if (committed)
            {
                return closing;
            }

            _ = closing.ContinueWith(static closed => closed.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return Task.CompletedTask;
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
}
