using System.Globalization;
using System.Threading.RateLimiting;
using Layers.Api.Errors;
using Layers.Application.ApiKeys;
using Microsoft.AspNetCore.RateLimiting;

namespace Layers.Api.Http;

/// <summary>Token buckets, refilled every second. Bound from the "RateLimiting" configuration section.</summary>
public sealed record RateLimitingOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>Requests per second for one API key (bursts up to twice that).</summary>
    public int PerKeyPermitsPerSecond { get; init; } = 50;

    /// <summary>Requests per second from one client address, whatever the key: bounds floods of made-up keys.</summary>
    public int PerIpPermitsPerSecond { get; init; } = 500;

    /// <summary>Requests per second from one client address without a well-formed key.</summary>
    public int AnonymousPermitsPerSecond { get; init; } = 10;
}

/// <summary>
/// Limits run before authentication, so a flood costs no database work: requests are counted per
/// client address, and then per key id (read from the token without trusting it) or, without a
/// well-formed key, per address again with a tighter budget. Health probes are not limited.
/// </summary>
public static class RateLimiting
{
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services, RateLimitingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return services.AddRateLimiter(limiter =>
        {
            if (!options.Enabled)
            {
                return;
            }

            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsProbe(context)
                    ? RateLimitPartition.GetNoLimiter("probe")
                    : Bucket($"ip:{ClientAddress(context)}", options.PerIpPermitsPerSecond)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsProbe(context)
                    ? RateLimitPartition.GetNoLimiter("probe")
                    : KeyId(context) is { } keyId
                        ? Bucket($"key:{keyId}", options.PerKeyPermitsPerSecond)
                        : Bucket($"anonymous:{ClientAddress(context)}", options.AnonymousPermitsPerSecond)));
            limiter.OnRejected = OnRejectedAsync;
        });
    }

    private static RateLimitPartition<string> Bucket(string partition, int permitsPerSecond) =>
        RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, permitsPerSecond * 2),
            TokensPerPeriod = Math.Max(1, permitsPerSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static bool IsProbe(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/healthz") || context.Request.Path.StartsWithSegments("/readyz");

    private static string ClientAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static string? KeyId(HttpContext context) =>
        ApiKeyToken.TryParseAuthorization(context.Request.Headers.Authorization.ToString(), out var keyId, out _) ? keyId : null;

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : 1;
        var problem = new ApiProblem(
            StatusCodes.Status429TooManyRequests,
            ApiErrorCodes.RateLimited,
            "Too many requests. Retry later.",
            LogLevel.Debug,
            Headers: new Dictionary<string, string> { ["Retry-After"] = retryAfter.ToString(CultureInfo.InvariantCulture) });
        await ApiErrorWriter.WriteAsync(rejected.HttpContext, problem).ConfigureAwait(false);
    }
}
