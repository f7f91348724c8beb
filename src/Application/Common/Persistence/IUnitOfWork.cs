namespace Layers.Application.Common.Persistence;

/// <summary>
/// The database work of one scope (one HTTP request, one operator verb): the repositories of the
/// scope run their statements on their own pooled connections, and, between <see cref="Begin"/>
/// and <see cref="EndAsync"/>, on one connection in one transaction instead, which only
/// <see cref="CommitAsync"/> commits. Statements of a scope run one after the other.
/// </summary>
public interface IUnitOfWork
{
    bool HasActiveTransaction { get; }

    /// <summary>Starts the transaction; the connection is opened, and BEGIN sent, with its first statement.</summary>
    void Begin();

    /// <summary>
    /// Commits, unless the caller stopped waiting first. An exception (the deadline included)
    /// leaves the outcome unknown: the commit may still have happened.
    /// </summary>
    Task CommitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Ends the transaction: one not committed is rolled back. Nobody waits for a rollback (with
    /// the database frozen it would never end): the connection closes in the background once its
    /// last statement has ended.
    /// </summary>
    Task EndAsync();
}

/// <summary>How a use case runs all-or-nothing.</summary>
public static class UnitOfWorkExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> in a transaction committed when it returns, rolled back when it
    /// throws; inside a transaction already under way, it joins that one, which commits it.
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(this IUnitOfWork unitOfWork, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unitOfWork);
        ArgumentNullException.ThrowIfNull(work);
        if (unitOfWork.HasActiveTransaction)
        {
            return await work().ConfigureAwait(false);
        }

        unitOfWork.Begin();
        try
        {
            var result = await work().ConfigureAwait(false);
            await unitOfWork.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            await unitOfWork.EndAsync().ConfigureAwait(false);
        }
    }
}
