using System.Globalization;
using System.Threading.RateLimiting;
using Layers.Api.Errors;
using Layers.Api.Observability;
using Layers.Api.Security;
using Microsoft.AspNetCore.RateLimiting;

namespace Layers.Api.Http;

/// <summary>Token buckets, refilled every second. Bound from the "RateLimiting" configuration section.</summary>
public sealed record RateLimitingOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>Requests per second for one API key (bursts up to twice that), counted once its secret verifies.</summary>
    public int PerKeyPermitsPerSecond { get; init; } = 50;

    /// <summary>Requests per second from one client address, whatever the key.</summary>
    public int PerIpPermitsPerSecond { get; init; } = 500;

    /// <summary>
    /// Requests per second from one client address that present no valid key (none, malformed,
    /// unknown, revoked or a wrong secret): also the bound on database lookups of key ids that a
    /// client address can cause.
    /// </summary>
    public int AnonymousPermitsPerSecond { get; init; } = 10;
}

/// <summary>
/// Three budgets, all the framework's token buckets. Every request is counted against its client
/// address before anything else. Then authentication charges a failed attempt to the client
/// address, never to the key it names: a key id is not a secret, so charging the key would let
/// anyone lock its owner out. Only a request whose secret verified is counted against its key.
/// Health probes are counted against nothing.
/// </summary>
public static class RateLimiting
{
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services, RateLimitingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton(new FailedAuthenticationBudget(options));
        return services.AddRateLimiter(_ => { });
    }

    /// <summary>Before authentication: every request from one client address.</summary>
    public static IApplicationBuilder UseClientAddressLimit(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<RateLimitingOptions>();
        var metrics = app.ApplicationServices.GetRequiredService<ApiMetrics>();
        return !options.Enabled ? app : app.UseRateLimiter(new RateLimiterOptions
        {
            GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                Bucket(ClientAddress.Of(context), options.PerIpPermitsPerSecond)),
            OnRejected = (rejected, _) => RejectAsync(rejected, metrics, RateLimitBudget.ClientAddress),
        });
    }

    /// <summary>After authentication: the requests of one verified key.</summary>
    public static IApplicationBuilder UseApiKeyLimit(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<RateLimitingOptions>();
        var metrics = app.ApplicationServices.GetRequiredService<ApiMetrics>();
        return !options.Enabled ? app : app.UseRateLimiter(new RateLimiterOptions
        {
            GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                ApiKeyClaims.Find(context.User, ApiKeyClaims.KeyId) is { } keyId
                    ? Bucket(keyId, options.PerKeyPermitsPerSecond)
                    : RateLimitPartition.GetNoLimiter(string.Empty)),
            OnRejected = (rejected, _) => RejectAsync(rejected, metrics, RateLimitBudget.ApiKey),
        });
    }

    internal static RateLimitPartition<string> Bucket(string partition, int permitsPerSecond) =>
        RateLimitPartition.GetTokenBucketLimiter(partition, _ => BucketOptions(permitsPerSecond));

    internal static TokenBucketRateLimiterOptions BucketOptions(int permitsPerSecond) => new()
    {
        TokenLimit = Math.Max(1, permitsPerSecond * 2),
        TokensPerPeriod = Math.Max(1, permitsPerSecond),
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    internal static int RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;

    internal static ApiProblem Problem(int retryAfterSeconds) => new(
        StatusCodes.Status429TooManyRequests,
        ApiErrorCodes.RateLimited,
        "Too many requests. Retry later.",
        LogLevel.Debug,
        Headers: new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture) });

    private static async ValueTask RejectAsync(OnRejectedContext rejected, ApiMetrics metrics, RateLimitBudget budget)
    {
        metrics.RateLimited(budget);
        await ApiErrorWriter.WriteAsync(rejected.HttpContext, Problem(RetryAfterSeconds(rejected.Lease))).ConfigureAwait(false);
    }
}
