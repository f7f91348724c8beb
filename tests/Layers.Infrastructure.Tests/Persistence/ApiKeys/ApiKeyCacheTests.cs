using Layers.Application.ApiKeys;
using Layers.Domain.Organizations;
using Layers.Infrastructure.Persistence.ApiKeys;
using Layers.IntegrationTests.Support;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Layers.Infrastructure.Tests.Persistence.ApiKeys;

/// <summary>What the key cache remembers of ids that name no usable key, and for how long.</summary>
public sealed class ApiKeyCacheTests : IDisposable
{
    private readonly ManualClock clock = new();
    private readonly TestMeters meters = new();
    private readonly MetricCollector<long> evictions;
    private readonly ApiKeyCache cache;

    public ApiKeyCacheTests()
    {
        evictions = meters.Collect(ApiKeyCacheMetrics.MeterName, "layers.api_key_cache.evictions");
        cache = new ApiKeyCache(clock, meters.KeyCache());
        cache.Trust();
    }

    [Fact]
    public void An_unknown_id_is_remembered_as_absent_until_it_expires()
    {
        cache.Store("unknownunknown00", key: null, cache.Generation);

        Assert.True(cache.TryGet("unknownunknown00", out var remembered));
        Assert.Null(remembered);
        clock.Advance(ApiKeyCache.AbsentLifetime);
        Assert.False(cache.TryGet("unknownunknown00", out _));
    }

    [Fact]
    public void A_revoked_key_is_remembered_as_absent()
    {
        var revoked = Key("revokedrevoked00") with { RevokedAt = clock.GetUtcNow() };

        cache.Store(revoked.KeyId, revoked, cache.Generation);

        Assert.True(cache.TryGet(revoked.KeyId, out var remembered));
        Assert.Null(remembered);
    }

    [Fact]
    public void Absent_ids_are_bounded_whatever_is_sent_and_keys_still_have_room()
    {
        for (var i = 0; i < ApiKeyCache.AbsentCapacity + 500; i++)
        {
            cache.Store($"absent{i:d10}", key: null, cache.Generation);
        }

        var key = Key("presentpresent00");
        cache.Store(key.KeyId, key, cache.Generation);

        Assert.Equal(ApiKeyCache.AbsentCapacity, cache.AbsentCount);
        Assert.False(cache.TryGet($"absent{ApiKeyCache.AbsentCapacity + 1:d10}", out _));
        Assert.True(cache.TryGet(key.KeyId, out var found));
        Assert.Same(key, found);
    }

    [Fact]
    public void A_full_table_makes_room_once_its_absent_ids_expire()
    {
        for (var i = 0; i < ApiKeyCache.AbsentCapacity; i++)
        {
            cache.Store($"absent{i:d10}", key: null, cache.Generation);
        }

        clock.Advance(ApiKeyCache.AbsentLifetime);
        cache.Store("latecomerlatecom", key: null, cache.Generation);

        Assert.Equal(1, cache.AbsentCount);
        Assert.True(cache.TryGet("latecomerlatecom", out _));
    }

    [Fact]
    public void Evicting_a_cached_id_counts_one_eviction_because_a_key_changed_and_an_id_not_cached_counts_none()
    {
        cache.Store("cachedcachedcac0", Key("cachedcachedcac0"), cache.Generation);

        cache.Evict("cachedcachedcac0");
        cache.Evict("nevercachednev00");

        Assert.Equal([(1L, ApiKeyCacheMetrics.BecauseKeyChanged)], Evictions());
    }

    [Fact]
    public void Losing_the_listener_counts_every_entry_it_drops()
    {
        cache.Store("droppeddropped00", Key("droppeddropped00"), cache.Generation);
        cache.Store("droppeddropped01", key: null, cache.Generation);

        cache.Distrust();
        cache.Distrust();

        Assert.Equal([(2L, ApiKeyCacheMetrics.BecauseListenerLost)], Evictions());
    }

    [Fact]
    public void Absent_ids_swept_once_expired_count_as_expired()
    {
        for (var i = 0; i < ApiKeyCache.AbsentCapacity; i++)
        {
            cache.Store($"absent{i:d10}", key: null, cache.Generation);
        }

        clock.Advance(ApiKeyCache.AbsentLifetime);
        cache.Store("latecomerlatecom", key: null, cache.Generation);

        Assert.Equal([((long)ApiKeyCache.AbsentCapacity, ApiKeyCacheMetrics.BecauseExpired)], Evictions());
    }

    [Fact]
    public void An_id_evicted_because_its_key_was_created_is_looked_up_again()
    {
        cache.Store("createdcreated00", key: null, cache.Generation);

        cache.Evict("createdcreated00");

        Assert.False(cache.TryGet("createdcreated00", out _));
        Assert.Equal(0, cache.AbsentCount);
    }

    [Fact]
    public void An_absence_read_before_the_key_was_created_is_not_stored()
    {
        var readAt = cache.Generation;

        cache.Evict("racingracingrac0");
        cache.Store("racingracingrac0", key: null, readAt);

        Assert.False(cache.TryGet("racingracingrac0", out _));
        Assert.Equal(0, cache.AbsentCount);
    }

    [Fact]
    public void A_read_is_stored_although_another_id_was_evicted_meanwhile()
    {
        var key = Key("steadysteadyste0");
        var readAt = cache.Generation;

        cache.Evict("someoneelseskey0");
        cache.Store(key.KeyId, key, readAt);

        Assert.True(cache.TryGet(key.KeyId, out var found));
        Assert.Same(key, found);
    }

    [Fact]
    public void A_read_that_began_before_trust_was_lost_is_not_stored()
    {
        var key = Key("beforedistrust00");
        var readAt = cache.Generation;

        cache.Distrust();
        cache.Trust();
        cache.Store(key.KeyId, key, readAt);

        Assert.False(cache.TryGet(key.KeyId, out _));
    }

    [Fact]
    public async Task The_count_of_absent_ids_stays_exact_under_concurrent_stores_and_evictions()
    {
        var ids = Enumerable.Range(0, 64).Select(i => $"racing{i:d10}").ToArray();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(
            () =>
            {
                for (var round = 0; round < 2_000; round++)
                {
                    var id = ids[(round * 7 + worker) % ids.Length];
                    if (round % 5 == 0)
                    {
                        cache.Evict(id);
                    }
                    else
                    {
                        cache.Store(id, round % 3 == 0 ? Key(id) : null, cache.Generation);
                    }
                }
            },
            TestContext.Current.CancellationToken)));

        Assert.Equal(ids.Count(id => cache.TryGet(id, out var key) && key is null), cache.AbsentCount);
    }

    public void Dispose()
    {
        evictions.Dispose();
        meters.Dispose();
    }

    private List<(long Count, string? Reason)> Evictions() =>
        [.. evictions.GetMeasurementSnapshot().Select(measurement => (measurement.Value, measurement.Tags[ApiKeyCacheMetrics.ReasonAttribute] as string))];

    private StoredApiKey Key(string keyId) =>
        new(keyId, OrgId.New(), "k", ["influencers:read"], new byte[32], clock.GetUtcNow(), RevokedAt: null);

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset now = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
