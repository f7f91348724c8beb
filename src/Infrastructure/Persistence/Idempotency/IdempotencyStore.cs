using Dapper;
using Layers.Application.Common.Idempotency;
using Layers.Domain.Organizations;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Layers.Infrastructure.Persistence.Idempotency;

/// <summary>
/// <see cref="IIdempotencyStore"/> over the <c>idempotency_keys</c> table. Times are the
/// database's (<c>now()</c>), so that instances whose clocks differ agree on what has expired.
/// Claims and releases run in transactions of their own; a completion in the scope's.
/// </summary>
public sealed partial class IdempotencyStore(NpgsqlDataSource dataSource, DbSession session, ILogger<IdempotencyStore> logger) : IIdempotencyStore
{
    /// <summary>Expired rows a claim deletes at most: more than the one it adds, so a backlog drains.</summary>
    public const int PurgeBatch = 10;

    // A claim inserts the key, or takes over its row once that has expired. The same statement
    // purges other expired rows (its own key's is taken over instead: a statement must not touch a
    // row twice); SKIP LOCKED leaves rows that another claim is taking over or purging to it.
    private const string Claim = """
        WITH purged AS (
            DELETE FROM idempotency_keys
            WHERE (org_id, idempotency_key) IN (
                SELECT org_id, idempotency_key
                FROM idempotency_keys
                WHERE expires_at <= now() AND (org_id, idempotency_key) <> (@OrgId, @Key)
                ORDER BY expires_at
                LIMIT @PurgeBatch
                FOR UPDATE SKIP LOCKED))
        INSERT INTO idempotency_keys AS held
            (org_id, idempotency_key, request_hash, claim_id, outcome, created_at, expires_at)
        VALUES (@OrgId, @Key, @RequestHash, @ClaimId, NULL, now(), now() + @Lease)
        ON CONFLICT (org_id, idempotency_key) DO UPDATE SET
            request_hash = excluded.request_hash,
            claim_id     = excluded.claim_id,
            outcome      = NULL,
            created_at   = excluded.created_at,
            expires_at   = excluded.expires_at
        WHERE held.expires_at <= now()
        RETURNING claim_id
        """;

    private const string FindHolder = """
        SELECT request_hash AS RequestHash, outcome AS Outcome, expires_at <= now() AS Expired
        FROM idempotency_keys
        WHERE org_id = @OrgId AND idempotency_key = @Key
        """;

    // Only the claim's own execution completes it: a claim taken over has another claim_id.
    private const string Complete = """
        UPDATE idempotency_keys
        SET outcome = @Outcome, expires_at = now() + @Retention
        WHERE org_id = @OrgId AND idempotency_key = @Key AND claim_id = @ClaimId AND outcome IS NULL
        """;

    // The row is locked by its execution's Complete until that transaction ends: the delete waits
    // for it, then finds the row again, and leaves it if the commit recorded the outcome.
    private const string Release = """
        DELETE FROM idempotency_keys
        WHERE org_id = @OrgId AND idempotency_key = @Key AND claim_id = @ClaimId AND outcome IS NULL
        """;

    // The holder found after a failed claim may be gone (released, purged) or expired by then.
    private const int ClaimAttempts = 3;

    public async Task<IdempotencyClaimResult> ClaimAsync(OrgId orgId, string key, byte[] requestHash, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(requestHash);
        HolderRow? holder = null;
        for (var attempt = 0; attempt < ClaimAttempts; attempt++)
        {
            var claim = new IdempotencyClaim(orgId, key, Guid.NewGuid());

            // Committed only while the request still waits: a claim whose request gave up holds nothing.
            var claimed = await dataSource.RunInTransactionAsync(
                async connection => await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(Claim, new
                {
                    OrgId = orgId.Value,
                    Key = key,
                    RequestHash = requestHash,
                    ClaimId = claim.Id,
                    Lease = lease,
                    PurgeBatch,
                })).ConfigureAwait(false),
                () => ReleaseAbandonedAsync(claim, lease),
                cancellationToken).ConfigureAwait(false);
            if (claimed == claim.Id)
            {
                return claim;
            }

            holder = await dataSource.RunAsync(
                async connection => await connection.QuerySingleOrDefaultAsync<HolderRow>(
                    new CommandDefinition(FindHolder, new { OrgId = orgId.Value, Key = key })).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            if (holder is { Expired: false })
            {
                return new IdempotencyRecord(holder.RequestHash, holder.Outcome);
            }
        }

        // Still changing hands after every attempt: as good as held by a request in progress.
        return new IdempotencyRecord(holder?.RequestHash ?? requestHash, null);
    }

    public async Task<bool> CompleteAsync(IdempotencyClaim claim, string outcome, TimeSpan retention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(outcome);
        if (!session.HasActiveTransaction)
        {
            throw new InvalidOperationException("An outcome is recorded in the transaction of the execution's writes.");
        }

        var recorded = await session.RunAsync(
            connection => connection.ExecuteAsync(new CommandDefinition(Complete, new
            {
                OrgId = claim.OrgId.Value,
                claim.Key,
                ClaimId = claim.Id,
                Outcome = outcome,
                Retention = retention,
            })),
            cancellationToken).ConfigureAwait(false);
        return recorded == 1;
    }

    public async Task ReleaseAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await dataSource.RunAsync(
            connection => connection.ExecuteAsync(new CommandDefinition(Release, new { OrgId = claim.OrgId.Value, claim.Key, ClaimId = claim.Id })),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Frees a claim committed after its request stopped waiting. Bounded by the lease, past which
    /// a later claim takes the key over anyway.
    /// </summary>
    private async Task ReleaseAbandonedAsync(IdempotencyClaim claim, TimeSpan lease)
    {
        using var timeout = new CancellationTokenSource(lease);
        try
        {
            await ReleaseAsync(claim, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or NpgsqlException or TimeoutException)
        {
            LogAbandonedClaimKept(logger, exception, claim.OrgId.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An idempotency claim of org {OrgId} whose request gave up was not released; its lease will free the key")]
    private static partial void LogAbandonedClaimKept(ILogger logger, Exception exception, string orgId);

    private sealed record HolderRow(byte[] RequestHash, string? Outcome, bool Expired);
}
