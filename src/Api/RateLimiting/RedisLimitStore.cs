using System.Threading.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Layers.Api.RateLimiting;

/// <summary>
/// Redis, where the instances keep their token buckets when <c>ConnectionStrings:Redis</c> is set
/// (RedisRateLimiting's token bucket, over StackExchange.Redis). Whether it counts requests is
/// <see cref="Outage"/>'s to track; a request waits for it <see cref="SlowAnswer"/> at most.
/// </summary>
public sealed class RedisLimitStore : IDisposable
{
    private readonly ConnectionMultiplexer redis;

    public RedisLimitStore(string configuration, RateLimitingOptions options, SharedLimitsOutage outage, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outage);
        ArgumentNullException.ThrowIfNull(clock);
        SlowAnswer = options.RedisSlowAnswer;
        Outage = outage;
        Clock = clock;

        // At start-up, once: an unreachable Redis makes it give up after the connect timeout, and the
        // client keeps trying in the background.
        redis = ConnectionMultiplexer.Connect(Options(configuration, options.RedisTimeout));
    }

    /// <summary>The longest a request waits for Redis; a slower answer counts as a failure.</summary>
    public TimeSpan SlowAnswer { get; }

    public SharedLimitsOutage Outage { get; }

    public TimeProvider Clock { get; }

    /// <summary>
    /// The client settings: the connection string's, except that every wait is bounded by
    /// <paramref name="timeout"/> and that an unreachable Redis fails commands at once.
    /// </summary>
    public static ConfigurationOptions Options(string configuration, TimeSpan timeout)
    {
        var options = ConfigurationOptions.Parse(configuration);
        var milliseconds = (int)timeout.TotalMilliseconds;

        // An instance starts, and serves, without Redis.
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = milliseconds;
        options.SyncTimeout = milliseconds;
        options.AsyncTimeout = milliseconds;

        // The client notices timed-out commands at its heartbeat (by default once a second).
        options.HeartbeatInterval = TimeSpan.FromMilliseconds(milliseconds);

        // While disconnected, commands fail at once instead of queueing until the connection is back.
        options.BacklogPolicy = BacklogPolicy.FailFast;

        // Reconnect once a second however long Redis was away (the default backs off to 10 s).
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        options.ClientName ??= "layers-api";
        return options;
    }

    /// <summary>A token bucket named <paramref name="name"/> in Redis, shaped like <paramref name="bucket"/>.</summary>
    public RateLimiter TokenBucket(string name, TokenBucketRateLimiterOptions bucket)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        return new RedisTokenBucketRateLimiter<string>(name, new RedisTokenBucketRateLimiterOptions
        {
            ConnectionMultiplexerFactory = () => redis,
            TokenLimit = bucket.TokenLimit,
            TokensPerPeriod = bucket.TokensPerPeriod,
            ReplenishmentPeriod = bucket.ReplenishmentPeriod,
        });
    }

    public void Dispose() => redis.Dispose();
}
