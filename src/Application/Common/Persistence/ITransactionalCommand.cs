namespace Layers.Application.Common.Persistence;

/// <summary>
/// A command whose statements commit together (see <see cref="Behaviors.TransactionBehavior{TRequest, TResponse}"/>).
/// Queries, and commands that write a single statement guarded by its own WHERE (a patch, a
/// delete), run without: a transaction would only add a COMMIT round trip.
/// </summary>
public interface ITransactionalCommand;
