using Layers.Application.Common.Persistence;
using MediatR;

namespace Layers.Application.Common.Behaviors;

/// <summary>
/// Last before the handler: a <see cref="ITransactionalCommand"/> runs in the scope's transaction,
/// committed after the handler returns and rolled back when it throws; within a transaction
/// already under way (an idempotent execution, an operator verb) it joins that one.
/// </summary>
public sealed class TransactionBehavior<TRequest, TResponse>(IUnitOfWork unitOfWork) : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly bool Transactional = typeof(ITransactionalCommand).IsAssignableFrom(typeof(TRequest));

    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return Transactional ? unitOfWork.InTransactionAsync(() => next(), cancellationToken) : next();
    }
}
