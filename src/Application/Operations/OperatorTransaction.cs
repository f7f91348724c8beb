using System.Transactions;

namespace Layers.Application.Operations;

/// <summary>
/// Makes an operator verb all-or-nothing: every repository call inside it runs in one database
/// transaction, committed when the scope completes and is disposed, rolled back otherwise.
/// </summary>
/// <remarks>
/// An ambient <see cref="TransactionScope"/> rather than a transaction handed to each repository:
/// the repositories open a connection from the one data source per call, and Npgsql enlists each
/// of them in the ambient transaction and hands the same physical connection back to every open
/// within it, so one local transaction spans the calls without the repositories knowing. The
/// calls must run one after the other (two connections open at once would need a distributed
/// transaction, which is not set up). Scopes nest: an inner one joins the outer one.
/// </remarks>
public static class OperatorTransaction
{
    public static TransactionScope Begin() => new(
        TransactionScopeOption.Required,
        new TransactionOptions { IsolationLevel = IsolationLevel.ReadCommitted },
        TransactionScopeAsyncFlowOption.Enabled);
}
