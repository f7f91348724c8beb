using System.Data.Common;
using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Idempotency;
using Layers.Application.Common.Persistence;
using Layers.Application.Common.Security;
using MediatR;
using Microsoft.Extensions.Logging;

namespace Layers.Application.Common.Behaviors;

/// <summary>
/// After authorization, before validation: an <see cref="IIdempotentCommand"/> sent with a key is
/// carried out once per key and org, and a retry of the same request (the same
/// <see cref="IdempotencyKey.RequestHash"/>) gets the recorded result again, marked
/// <see cref="IdempotencyKey.Replayed"/>. Before validation, as the key was judged before the
/// body's values from the start: a retry is answered, and a key in use or reused refused, whatever
/// its body says.
/// </summary>
/// <remarks>
/// Constrained to <see cref="IIdempotentCommand"/>s, so that the container builds it, and its
/// store, for those commands only. The key is claimed (in a transaction of its own, see <see cref="IIdempotencyStore"/>): a
/// completed record of the same request is answered again, of another request
/// <see cref="IdempotencyKeyReusedException"/>, and a claim still in progress
/// <see cref="IdempotencyKeyInProgressException"/>, whatever its request. Otherwise the rest of the
/// pipeline runs in the scope's transaction (<see cref="IUnitOfWork"/>, begun here and joined by
/// the <see cref="TransactionBehavior{TRequest, TResponse}"/>), and only a result is recorded, in
/// that transaction: a recorded outcome exists exactly when the writes were committed. Any other
/// outcome (an exception) committed nothing, so its claim is released and the same key runs the
/// request again: a refusal is answered again anyway when nothing changed, and may turn into a
/// success once the client or the data is fixed (as Stripe does for requests that fail
/// validation). A request that gave up while its outcome was being committed releases its claim
/// too: the release deletes it only if that commit did not happen. A claim that is never released
/// (the process died, or the database did not answer the release within the lease) holds the key
/// for <see cref="IdempotencyKey.Lease"/>, and retries meanwhile are refused as in progress.
/// </remarks>
public sealed partial class IdempotencyBehavior<TRequest, TResponse>(
    IIdempotencyStore store,
    IIdempotentResultFormat format,
    IUnitOfWork unitOfWork,
    ICurrentCaller caller,
    ILogger<IdempotencyBehavior<TRequest, TResponse>> logger) : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IIdempotentCommand
{
    // A release is a single-row delete: a request waits this long for it at most, then the lease frees the key.
    private static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(2);

    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        return request.IdempotencyKey is { } key ? HandleAsync(key, next, cancellationToken) : next();
    }

    private async Task<TResponse> HandleAsync(IdempotencyKey key, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken)
    {
        var orgId = caller.Require().OrgId;
        switch (await store.ClaimAsync(orgId, key.Value, key.RequestHash.ToArray(), IdempotencyKey.Lease, cancellationToken).ConfigureAwait(false))
        {
            case IdempotencyClaim claim:
                return await ExecuteAsync(claim, next, cancellationToken).ConfigureAwait(false);
            case IdempotencyRecord { Outcome: null }:
                throw new IdempotencyKeyInProgressException();
            case IdempotencyRecord { Outcome: { } outcome } record when record.RequestHash.AsSpan().SequenceEqual(key.RequestHash.Span):
                var recorded = format.Read<TResponse>(outcome);
                key.Replayed = true;
                return recorded;
            default:
                throw new IdempotencyKeyReusedException();
        }
    }

    /// <summary>Runs the rest of the pipeline and records its result, committed with its writes.</summary>
    private async Task<TResponse> ExecuteAsync(IdempotencyClaim claim, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken)
    {
        // Whether the outcome was recorded (false: the claim was taken over); null when it was not,
        // or may not have been (recording failed).
        bool? recorded = null;
        TResponse result;
        unitOfWork.Begin();
        try
        {
            result = await next().ConfigureAwait(false);
            var completed = await store.CompleteAsync(claim, format.Write(result), IdempotencyKey.Retention, cancellationToken).ConfigureAwait(false);
            if (completed)
            {
                await unitOfWork.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            recorded = completed;
        }
        finally
        {
            // Rolls back whatever was not committed.
            await unitOfWork.EndAsync().ConfigureAwait(false);

            // Also when recording failed with its commit possibly under way: the release deletes the
            // claim only if that commit did not record the outcome (see IIdempotencyStore.ReleaseAsync).
            if (recorded is null)
            {
                await ReleaseAsync(claim, cancellationToken).ConfigureAwait(false);
            }
        }

        // The lease ran out and another request took the key over; this one's writes were rolled back.
        return recorded.Value ? result : throw new IdempotencyKeyInProgressException();
    }

    /// <summary>
    /// Frees the key of an execution that did not record its outcome. Once the request is
    /// cancelled (past its deadline the database is not answering in time) the release runs in the
    /// background, for as long as the lease, rather than delay the answer.
    /// </summary>
    private async Task ReleaseAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            _ = ReleaseWithinAsync(claim, IdempotencyKey.Lease);
            return;
        }

        await ReleaseWithinAsync(claim, ReleaseWait).ConfigureAwait(false);
    }

    private async Task ReleaseWithinAsync(IdempotencyClaim claim, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await store.ReleaseAsync(claim, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or DbException or TimeoutException)
        {
            // The request's own answer matters more; the lease frees the key.
            LogReleaseFailed(logger, exception, claim.OrgId.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An idempotency claim of org {OrgId} was not released; its lease will free the key")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string orgId);
}
