using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Layers.Api.RateLimiting;

/// <summary>
/// Per client address, the requests that present no valid key. A key id the cache does not know
/// is looked up in the database only while its client address has budget left, so a flood of
/// made-up ids costs at most this budget in database lookups per address.
/// </summary>
public sealed class FailedAuthenticationBudget : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;

    public FailedAuthenticationBudget(IOptions<RateLimitingOptions> settings, RateLimitBuckets buckets)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(buckets);
        var options = settings.Value;
        limiter = options.Enabled
            ? PartitionedRateLimiter.Create<string, string>(address =>
                buckets.Bucket(RateLimitBuckets.FailedAuthenticationScope, address, options.AnonymousPermitsPerSecond))
            : PartitionedRateLimiter.Create<string, string>(_ => RateLimitPartition.GetNoLimiter(string.Empty));
    }

    /// <summary>
    /// Whether the address may still spend a failed attempt, without spending it. With shared
    /// buckets, as far as this instance knows from its own last attempt for the address.
    /// </summary>
    public bool HasBudget(string address) =>

        // Not AttemptAcquire(0): a token bucket refills in fractions, and grants zero permits while
        // it holds less than one.
        limiter.GetStatistics(address) is not { CurrentAvailablePermits: < 1 };

    /// <summary>Spends one failed attempt; not charged, with the wait, when the address has none left.</summary>
    public async Task<(bool Charged, int RetryAfterSeconds)> TryChargeAsync(string address)
    {
        using var lease = await limiter.AcquireAsync(address).ConfigureAwait(false);
        return (lease.IsAcquired, lease.IsAcquired ? 0 : ApiRateLimiting.RetryAfterSeconds(lease));
    }

    public void Dispose() => limiter.Dispose();
}
