using System.Threading.RateLimiting;

namespace Layers.Api.Http;

/// <summary>
/// The token buckets of the rate limits: this instance's own, or, when Redis is configured
/// (<see cref="RedisLimitStore"/>), buckets that all instances share, for which a bucket of this
/// instance stands in while Redis does not answer (<see cref="FallbackRateLimiter"/>). Every
/// bucket holds twice its rate and refills its rate each second: an instance's continuously, a
/// Redis one in a single step.
/// </summary>
public sealed class RateLimitBuckets(RedisLimitStore? store = null)
{
    /// <summary>A bucket per client address for every request.</summary>
    public const string ClientAddressScope = "ip";

    /// <summary>A bucket per API key whose secret verified.</summary>
    public const string ApiKeyScope = "key";

    /// <summary>A bucket per client address for failed authentications.</summary>
    public const string FailedAuthenticationScope = "anon";

    /// <summary>The bucket of <paramref name="partition"/> (an address, a key id) among the buckets of <paramref name="scope"/>.</summary>
    public RateLimitPartition<string> Bucket(string scope, string partition, int permitsPerSecond) =>
        store is null
            ? RateLimitPartition.GetTokenBucketLimiter(partition, _ => BucketOptions(permitsPerSecond))
            : RateLimitPartition.Get(partition, key => new FallbackRateLimiter(
                store.TokenBucket($"layers:{scope}:{key}", BucketOptions(permitsPerSecond)),
                new TokenBucketRateLimiter(BucketOptions(permitsPerSecond, autoReplenishment: false)),
                store.Outage,
                store.Clock));

    /// <summary>True while the buckets should be shared but are this instance's own, Redis not answering.</summary>
    public async Task<bool> IsDegradedAsync() => store is not null && !await store.AnswersAsync().ConfigureAwait(false);

    public static TokenBucketRateLimiterOptions BucketOptions(int permitsPerSecond, bool autoReplenishment = true) => new()
    {
        TokenLimit = Math.Max(1, permitsPerSecond * 2),
        TokensPerPeriod = Math.Max(1, permitsPerSecond),
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = autoReplenishment,
    };
}
