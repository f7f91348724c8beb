using System.Collections.Concurrent;
using Layers.Application.ApiKeys;

namespace Layers.Infrastructure.Persistence.ApiKeys;

/// <summary>
/// Keys already read from the database, so that authenticating a request costs no round trip.
/// The cache is only trusted while <see cref="ApiKeyRevocationListener"/> is listening for
/// revocations: whenever it is not, lookups go to the database and nothing is kept, so no stale
/// entry can keep a revoked key alive.
/// </summary>
public sealed class ApiKeyCache(TimeProvider clock)
{
    /// <summary>An upper bound on how long an entry lives even if a notification were lost.</summary>
    public static readonly TimeSpan EntryLifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private long generation;
    private volatile bool trusted;

    public bool IsTrusted => trusted;

    /// <summary>
    /// Changes whenever entries may have become stale. A reader notes it before querying the
    /// database and stores its result only if it is unchanged, so a revocation that lands during
    /// the query is never overwritten by the older row.
    /// </summary>
    public long Generation => Interlocked.Read(ref generation);

    public bool TryGet(string keyId, out StoredApiKey? key)
    {
        if (trusted && entries.TryGetValue(keyId, out var entry) && entry.ExpiresAt > clock.GetUtcNow())
        {
            key = entry.Key;
            return true;
        }

        key = null;
        return false;
    }

    public void Store(StoredApiKey key, long readAtGeneration)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!trusted || key.IsRevoked)
        {
            return;
        }

        entries[key.KeyId] = new Entry(key, clock.GetUtcNow() + EntryLifetime);

        // Undo a store that raced with an eviction or a loss of trust.
        if (Generation != readAtGeneration || !trusted)
        {
            entries.TryRemove(key.KeyId, out _);
        }
    }

    public void Evict(string keyId)
    {
        Interlocked.Increment(ref generation);
        entries.TryRemove(keyId, out _);
    }

    /// <summary>Listening for revocations: entries may be kept from now on.</summary>
    public void Trust() => trusted = true;

    /// <summary>Not listening any more: drop everything, and keep nothing until trusted again.</summary>
    public void Distrust()
    {
        trusted = false;
        Interlocked.Increment(ref generation);
        entries.Clear();
    }

    private sealed record Entry(StoredApiKey Key, DateTimeOffset ExpiresAt);
}
