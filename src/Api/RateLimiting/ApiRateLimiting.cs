using System.Globalization;
using System.Threading.RateLimiting;
using Layers.Api.Errors;
using Layers.Api.Observability;
using Layers.Api.Proxies;
using Layers.Api.Security;
using Layers.Infrastructure.Settings;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Layers.Api.RateLimiting;

/// <summary>Token buckets, refilled every second. Bound from the "RateLimiting" configuration section.</summary>
public sealed record RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>The most requests per second a budget may allow; its bursts are twice that.</summary>
    public const int MaxPermitsPerSecond = 1_000_000;

    /// <summary>The longest Redis wait: a request never waits longer than its deadline allows.</summary>
    public static readonly TimeSpan MaxRedisWait = TimeSpan.FromSeconds(10);

    public bool Enabled { get; set; } = true;

    /// <summary>Requests per second for one API key (bursts up to twice that), counted once its secret verifies.</summary>
    public int PerKeyPermitsPerSecond { get; set; } = 50;

    /// <summary>Requests per second from one client address, whatever the key.</summary>
    public int PerIpPermitsPerSecond { get; set; } = 500;

    /// <summary>
    /// Requests per second from one client address that present no valid key (none, malformed,
    /// unknown, revoked or a wrong secret): also the bound on database lookups of key ids that a
    /// client address can cause.
    /// </summary>
    public int AnonymousPermitsPerSecond { get; set; } = 10;

    /// <summary>
    /// With Redis configured, its client's timeouts: to connect, and for a command, after which the
    /// client gives it up (it notices at its next heartbeat, which runs at this interval).
    /// </summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// With Redis configured, the longest a request waits for its answer. An answer not back by
    /// then counts as a failure: the request is counted by this instance alone, and so are the
    /// next ones until Redis answers within this time again (see <see cref="SharedLimitsOutage"/>).
    /// A Redis that answers in a millisecond or two, as one nearby does, never comes close.
    /// </summary>
    public TimeSpan RedisSlowAnswer { get; set; } = TimeSpan.FromMilliseconds(100);

}

/// <summary>The budgets and Redis waits, checked when the host starts.</summary>
public sealed class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SettingProblems(RateLimitingOptions.Section)
            .Range(nameof(options.PerKeyPermitsPerSecond), options.PerKeyPermitsPerSecond, 1, RateLimitingOptions.MaxPermitsPerSecond)
            .Range(nameof(options.PerIpPermitsPerSecond), options.PerIpPermitsPerSecond, 1, RateLimitingOptions.MaxPermitsPerSecond)
            .Range(nameof(options.AnonymousPermitsPerSecond), options.AnonymousPermitsPerSecond, 1, RateLimitingOptions.MaxPermitsPerSecond)

            // The Redis client counts its timeouts in whole milliseconds.
            .Range(nameof(options.RedisTimeout), options.RedisTimeout, TimeSpan.FromMilliseconds(1), RateLimitingOptions.MaxRedisWait)
            .Check(options.RedisTimeout.Ticks % TimeSpan.TicksPerMillisecond == 0, nameof(options.RedisTimeout), "must be whole milliseconds", options.RedisTimeout)
            .Range(nameof(options.RedisSlowAnswer), options.RedisSlowAnswer, TimeSpan.FromMilliseconds(1), options.RedisTimeout)
            .Result;
    }
}

/// <summary>
/// Three budgets, all the framework's token buckets. Every request is counted against its client
/// address. Authentication charges a failed attempt to the client address, never to the key it
/// names: a key id is not a secret, so charging the key would let anyone lock its owner out. Only a
/// request whose secret verified is counted against its key. Health probes are counted against
/// nothing. With Redis configured the buckets are shared by all instances (see
/// <see cref="RateLimitBuckets"/>), and a request asks all of its budgets at once, so that it waits
/// for Redis once (one round trip), not once per budget.
/// </summary>
public static class ApiRateLimiting
{
    /// <summary>
    /// The budgets of the "RateLimiting" section; with <c>ConnectionStrings:Redis</c> set they are
    /// shared by all instances through Redis, otherwise each instance counts its own.
    /// </summary>
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSettings<RateLimitingOptions, RateLimitingOptionsValidator>(configuration, RateLimitingOptions.Section);
        var redis = configuration.GetConnectionString("Redis");
        if (!string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<SharedLimitsOutage>();
            services.AddSingleton(provider => new RedisLimitStore(
                redis, provider.GetRequiredService<IOptions<RateLimitingOptions>>().Value, provider.GetRequiredService<SharedLimitsOutage>(), provider.GetRequiredService<TimeProvider>()));
        }

        // Disabled, the limits never connect to Redis.
        services.AddSingleton(provider => new RateLimitBuckets(
            provider.GetRequiredService<IOptions<RateLimitingOptions>>().Value.Enabled ? provider.GetService<RedisLimitStore>() : null));
        services.AddSingleton<FailedAuthenticationBudget>();
        return services.AddRateLimiter(_ => { });
    }

    /// <summary>
    /// After authentication: every request against its client address and, once its secret
    /// verified, against its key. After authentication so that both budgets are asked at once; an
    /// address over its limit still costs authentication, which for a key in memory is a hash, and
    /// for any other the failed-authentication budget bounds.
    /// </summary>
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
        var buckets = app.ApplicationServices.GetRequiredService<RateLimitBuckets>();
        var metrics = app.ApplicationServices.GetRequiredService<ApiMetrics>();
        return !options.Enabled ? app : app.UseRateLimiter(new RateLimiterOptions
        {
            GlobalLimiter = new AddressAndKeyLimiter(
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    buckets.Bucket(RateLimitBuckets.ClientAddressScope, ClientAddress.Of(context), options.PerIpPermitsPerSecond)),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    ApiKeyClaims.Find(context.User, ApiKeyClaims.KeyId) is { } keyId
                        ? buckets.Bucket(RateLimitBuckets.ApiKeyScope, keyId, options.PerKeyPermitsPerSecond)
                        : RateLimitPartition.GetNoLimiter(string.Empty))),
            OnRejected = (rejected, _) => RejectAsync(rejected, metrics),
        });
    }

    /// <summary>
    /// The lease's wait, else a second: a bucket refills every second, and the Redis limiter's
    /// leases carry no wait in the framework's metadata.
    /// </summary>
    internal static int RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;

    internal static ApiProblem Problem(int retryAfterSeconds) => new(
        StatusCodes.Status429TooManyRequests,
        ApiErrorCodes.RateLimited,
        "Too many requests. Retry later.",
        LogLevel.Debug,
        Headers: new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture) });

    private static async ValueTask RejectAsync(OnRejectedContext rejected, ApiMetrics metrics)
    {
        metrics.RateLimited(AddressAndKeyLimiter.BudgetOf(rejected.Lease));
        await ApiErrorWriter.WriteAsync(rejected.HttpContext, Problem(RetryAfterSeconds(rejected.Lease))).ConfigureAwait(false);
    }
}
