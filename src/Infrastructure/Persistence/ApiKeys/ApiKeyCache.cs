using System.Collections.Concurrent;
using Layers.Application.ApiKeys;

namespace Layers.Infrastructure.Persistence.ApiKeys;

/// <summary>
/// Key ids already read from the database, so that authenticating a request costs no round trip:
/// keys, and ids known to name no usable key (unknown or revoked). The cache is only trusted while
/// <see cref="ApiKeyChangeListener"/> is listening for key changes: whenever it is not, lookups
/// go to the database and nothing is kept, so no stale entry can keep a revoked key alive or hide
/// a new one.
/// </summary>
public sealed class ApiKeyCache(TimeProvider clock, ApiKeyCacheMetrics metrics)
{
    /// <summary>An upper bound on how long an entry lives even if a notification were lost.</summary>
    public static readonly TimeSpan EntryLifetime = TimeSpan.FromMinutes(5);

    /// <summary>How long an id is remembered as naming no usable key.</summary>
    public static readonly TimeSpan AbsentLifetime = TimeSpan.FromSeconds(60);

    /// <summary>
    /// At most this many ids are remembered as absent, whatever an attacker sends (about 1.5 MB);
    /// past it, absent ids are simply not remembered until entries expire.
    /// </summary>
    public const int AbsentCapacity = 10_000;

    // A full table is swept for expired ids at most this often, so a flood cannot make every store a scan.
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    // How long an eviction is remembered: far longer than any database read it could race with.
    private static readonly TimeSpan EvictionMemory = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    // The generation at which each recently evicted id was evicted: a read that began before it
    // must not store its older answer for that id, while reads of other ids stay unaffected.
    private readonly ConcurrentDictionary<string, Eviction> evictions = new(StringComparer.Ordinal);
    private int absentCount;
    private long generation;
    private long distrustedAt;
    private long nextSweepTicks;
    private volatile bool trusted;

    public bool IsTrusted => trusted;

    /// <summary>Ids currently remembered as absent.</summary>
    public int AbsentCount => Volatile.Read(ref absentCount);

    /// <summary>
    /// Advances whenever entries may have become stale. A reader notes it before querying the
    /// database and passes it to <see cref="Store"/>, which keeps the answer only if that id was
    /// not evicted (and trust not lost) since: a revocation or creation that lands during the
    /// query is never overwritten by the older answer.
    /// </summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <summary>True when the id's state is known: <paramref name="key"/> is the key, or null when the id names no usable key.</summary>
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

    /// <summary>Remembers what the database said of <paramref name="keyId"/>: a key, or null for none that is usable.</summary>
    public void Store(string keyId, StoredApiKey? key, long readAtGeneration)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        if (!trusted)
        {
            return;
        }

        var now = clock.GetUtcNow();
        if (key is { IsRevoked: false })
        {
            Replace(keyId, new Entry(key, now + EntryLifetime));
        }
        else if (HasRoomForAbsent(now))
        {
            Replace(keyId, new Entry(null, now + AbsentLifetime));
        }
        else
        {
            return;
        }

        // Undo a store that raced with an eviction of this id or a loss of trust.
        if (!trusted
            || Interlocked.Read(ref distrustedAt) > readAtGeneration
            || (evictions.TryGetValue(keyId, out var eviction) && eviction.Generation > readAtGeneration))
        {
            Remove(keyId);
        }
    }

    public void Evict(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        var now = clock.GetUtcNow();
        evictions[keyId] = new Eviction(Interlocked.Increment(ref generation), now);
        if (Remove(keyId))
        {
            metrics.Evicted(ApiKeyCacheMetrics.BecauseKeyChanged);
        }

        ForgetOldEvictions(now);
    }

    /// <summary>Listening for key changes: entries may be kept from now on.</summary>
    public void Trust() => trusted = true;

    /// <summary>Not listening any more: drop everything, and keep nothing until trusted again.</summary>
    public void Distrust()
    {
        trusted = false;
        Interlocked.Exchange(ref distrustedAt, Interlocked.Increment(ref generation));
        var removed = 0;
        foreach (var keyId in entries.Keys)
        {
            if (Remove(keyId))
            {
                removed++;
            }
        }

        metrics.Evicted(ApiKeyCacheMetrics.BecauseListenerLost, removed);
    }

    // Not AddOrUpdate: its factories may run more than once under contention, and the count of
    // absent ids must change exactly once per entry stored or replaced.
    private void Replace(string keyId, Entry entry)
    {
        while (true)
        {
            if (entries.TryGetValue(keyId, out var existing))
            {
                if (entries.TryUpdate(keyId, entry, existing))
                {
                    CountOut(existing);
                    CountIn(entry);
                    return;
                }
            }
            else if (entries.TryAdd(keyId, entry))
            {
                CountIn(entry);
                return;
            }
        }
    }

    private bool Remove(string keyId)
    {
        if (!entries.TryRemove(keyId, out var removed))
        {
            return false;
        }

        CountOut(removed);
        return true;
    }

    private void CountIn(Entry entry)
    {
        if (entry.Key is null)
        {
            Interlocked.Increment(ref absentCount);
        }
    }

    private void CountOut(Entry entry)
    {
        if (entry.Key is null)
        {
            Interlocked.Decrement(ref absentCount);
        }
    }

    private bool HasRoomForAbsent(DateTimeOffset now)
    {
        if (AbsentCount < AbsentCapacity)
        {
            return true;
        }

        var due = Interlocked.Read(ref nextSweepTicks);
        if (now.UtcTicks >= due && Interlocked.CompareExchange(ref nextSweepTicks, (now + SweepInterval).UtcTicks, due) == due)
        {
            var swept = 0;
            foreach (var (keyId, entry) in entries)
            {
                if (entry.ExpiresAt <= now && entries.TryRemove(new KeyValuePair<string, Entry>(keyId, entry)))
                {
                    CountOut(entry);
                    swept++;
                }
            }

            metrics.Evicted(ApiKeyCacheMetrics.BecauseExpired, swept);
        }

        return AbsentCount < AbsentCapacity;
    }

    private void ForgetOldEvictions(DateTimeOffset now)
    {
        foreach (var (keyId, eviction) in evictions)
        {
            if (now - eviction.At > EvictionMemory)
            {
                evictions.TryRemove(new KeyValuePair<string, Eviction>(keyId, eviction));
            }
        }
    }

    private sealed record Entry(StoredApiKey? Key, DateTimeOffset ExpiresAt);

    private sealed record Eviction(long Generation, DateTimeOffset At);
}
