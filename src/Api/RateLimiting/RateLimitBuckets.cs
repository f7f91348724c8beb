using System.Threading.RateLimiting;
using Layers.Api.Idempotency;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Layers.Api.RateLimiting;

/// <summary>
/// The token buckets of the rate limits: this instance's own, or, when Redis is configured
/// (<see cref="RedisLimitStore"/>), buckets that all instances share, for which a bucket of this
/// instance stands in while Redis does not count requests (<see cref="FallbackRateLimiter"/>).
/// Every bucket holds twice its rate and refills its rate each second: an instance's
/// continuously, a Redis one in a single step.
/// </summary>
public sealed class RateLimitBuckets : IHealthCheck, IDisposable
{
    /// <summary>A bucket per client address for every request.</summary>
    public const string ClientAddressScope = "ip";

    /// <summary>A bucket per API key whose secret verified.</summary>
    public const string ApiKeyScope = "key";

    /// <summary>A bucket per client address for failed authentications.</summary>
    public const string FailedAuthenticationScope = "anon";

    private readonly RedisLimitStore? store;

    // Readiness asks Redis what a request asks it, a bucket's command, in a bucket of its own:
    // a Redis that answers a ping but refuses writes (out of memory, a read-only replica) does
    // not share the limits. Whether it grants is of no interest, only whether Redis counted.
    private readonly FallbackRateLimiter? probe;

    public RateLimitBuckets(RedisLimitStore? store = null)
    {
        this.store = store;
        probe = store is null ? null : Shared(store, "layers:readiness", permitsPerSecond: 1);
    }

    /// <summary>The bucket of <paramref name="partition"/> (an address, a key id) among the buckets of <paramref name="scope"/>.</summary>
    public RateLimitPartition<string> Bucket(string scope, string partition, int permitsPerSecond) =>
        store is null
            ? RateLimitPartition.GetTokenBucketLimiter(partition, _ => BucketOptions(permitsPerSecond))
            : RateLimitPartition.Get(partition, key => Shared(store, $"layers:{scope}:{key}", permitsPerSecond));

    /// <summary>
    /// Degraded while the buckets should be shared but are this instance's own: Redis failed,
    /// refused or was slow to count the last request that asked it. Asks Redis itself when a
    /// request may, so that an instance without traffic finds out too. Not the
    /// AspNetCore.HealthChecks.Redis check: it sends PING, which an out-of-memory or read-only
    /// Redis still answers.
    /// </summary>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (store is null || probe is null)
        {
            return HealthCheckResult.Healthy("The rate limits are this instance's own.");
        }

        using var lease = await probe.AcquireAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return store.Outage.IsActive ? HealthCheckResult.Degraded("Redis does not share the rate limits.") : HealthCheckResult.Healthy();
    }

    public static TokenBucketRateLimiterOptions BucketOptions(int permitsPerSecond, bool autoReplenishment = true) => new()
    {
        TokenLimit = permitsPerSecond * 2,
        TokensPerPeriod = permitsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = autoReplenishment,
    };

    public void Dispose() => probe?.Dispose();

    private static FallbackRateLimiter Shared(RedisLimitStore store, string name, int permitsPerSecond) => new(
        store.TokenBucket(name, BucketOptions(permitsPerSecond)),
        new TokenBucketRateLimiter(BucketOptions(permitsPerSecond, autoReplenishment: false)),
        store.Outage,
        store.Clock,
        store.SlowAnswer);
}
