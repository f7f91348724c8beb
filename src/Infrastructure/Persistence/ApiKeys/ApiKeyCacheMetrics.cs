using System.Diagnostics.Metrics;

namespace Layers.Infrastructure.Persistence.ApiKeys;

/// <summary>
/// What the key cache does, as counters of the meter <see cref="MeterName"/>: lookups answered
/// from memory (hits), lookups that went to the database (misses), and entries dropped
/// (evictions, by reason). Counting costs nothing measurable while no listener is attached.
/// </summary>
public sealed class ApiKeyCacheMetrics
{
    public const string MeterName = "Layers.ApiKeys";

    /// <summary>The attribute that says why entries were evicted: one of the <c>Because*</c> values.</summary>
    public const string ReasonAttribute = "layers.api_key_cache.reason";

    /// <summary>A key was created or revoked, on this instance or (told by NOTIFY) on another.</summary>
    public const string BecauseKeyChanged = "key_changed";

    /// <summary>The change listener lost its connection: the whole cache is emptied.</summary>
    public const string BecauseListenerLost = "listener_lost";

    /// <summary>An expired id was swept to make room for ids found absent.</summary>
    public const string BecauseExpired = "expired";

    private readonly Counter<long> hits;
    private readonly Counter<long> misses;
    private readonly Counter<long> evictions;

    public ApiKeyCacheMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        hits = meter.CreateCounter<long>("layers.api_key_cache.hits", "{lookup}", "Key lookups answered from memory.");
        misses = meter.CreateCounter<long>("layers.api_key_cache.misses", "{lookup}", "Key lookups that read the database.");
        evictions = meter.CreateCounter<long>("layers.api_key_cache.evictions", "{entry}", "Cache entries dropped, by reason.");
    }

    public void Hit() => hits.Add(1);

    public void Miss() => misses.Add(1);

    public void Evicted(string reason, long count = 1)
    {
        if (count > 0)
        {
            evictions.Add(count, new KeyValuePair<string, object?>(ReasonAttribute, reason));
        }
    }
}
