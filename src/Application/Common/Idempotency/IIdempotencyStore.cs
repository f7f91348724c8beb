using Layers.Domain.Organizations;

namespace Layers.Application.Common.Idempotency;

/// <summary>
/// Requests that a caller asks to be carried out at most once per key: a key of its own choosing,
/// scoped to its org. The first request with a key claims it; its outcome is recorded with the
/// claim in the same transaction as the request's own writes, so that a recorded outcome exists
/// exactly when those writes were committed. The request and its outcome are opaque here: the
/// caller hashes what identifies its request and writes the outcome in its own terms.
/// </summary>
/// <remarks>
/// Protocol: <see cref="ClaimAsync"/> (committed at once, so concurrent requests see it, but
/// only if its caller still waits: a claim whose caller gave up is rolled back, or released once
/// the database answers when it was committed meanwhile, so it never holds the key), then the
/// request's work in the scope's transaction (<see cref="Persistence.IUnitOfWork"/>) and
/// <see cref="CompleteAsync"/> in that same transaction, committed by its owner; or
/// <see cref="ReleaseAsync"/> when the work committed nothing. A claim that is neither completed
/// nor released (the process died) holds the key until its lease ends; a later claim then takes it
/// over, and the first execution, should it still be running, can no longer complete (its writes
/// are rolled back).
/// </remarks>
public interface IIdempotencyStore
{
    /// <summary>
    /// Claims <paramref name="key"/> of <paramref name="orgId"/> for one execution of the request
    /// hashed as <paramref name="requestHash"/> (32 bytes), for at most <paramref name="lease"/>.
    /// Answers the claim, or the record of the execution that holds the key. Each claim also purges
    /// a bounded number of expired records, so the table needs no scheduled cleanup.
    /// </summary>
    Task<IdempotencyClaimResult> ClaimAsync(OrgId orgId, string key, byte[] requestHash, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="outcome"/> with the claim, kept for <paramref name="retention"/>, in
    /// the scope's transaction, to be committed with every write of the execution. False when the
    /// claim is no longer this execution's (its lease ran out and another request took the key
    /// over, or it was purged): then the transaction must not be committed.
    /// </summary>
    Task<bool> CompleteAsync(IdempotencyClaim claim, string outcome, TimeSpan retention, CancellationToken cancellationToken);

    /// <summary>
    /// Frees a claim whose execution committed nothing, so the same request can run again at once.
    /// Does nothing when the claim was completed, taken over or purged. Safe while the execution's
    /// commit may still be under way (its caller gave up): it waits for that commit's end, and
    /// frees the claim only if the commit did not complete it. Runs outside the scope's transaction.
    /// </summary>
    Task ReleaseAsync(IdempotencyClaim claim, CancellationToken cancellationToken);
}

/// <summary>What claiming a key found: <see cref="IdempotencyClaim"/> or <see cref="IdempotencyRecord"/>.</summary>
public abstract record IdempotencyClaimResult;

/// <summary>The key is now this request's to carry out; <paramref name="Id"/> tells this claim from a later one.</summary>
public sealed record IdempotencyClaim(OrgId OrgId, string Key, Guid Id) : IdempotencyClaimResult;

/// <summary>
/// Another execution holds the key: the hash of its request, and its outcome once it completed
/// (null while it is still in progress).
/// </summary>
public sealed record IdempotencyRecord(byte[] RequestHash, string? Outcome) : IdempotencyClaimResult;
