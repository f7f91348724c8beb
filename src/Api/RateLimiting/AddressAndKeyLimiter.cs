using System.Threading.RateLimiting;
using Layers.Api.Observability;
using Layers.Api.Proxies;

namespace Layers.Api.RateLimiting;

/// <summary>
/// A request's two budgets, its client address's and its key's, asked at once rather than one
/// after the other: with Redis, both questions are sent together and answered in one round trip,
/// so that a slow Redis costs a request one wait, not two. A request is admitted when both admit
/// it; turned away by its address, it has still spent a permit of its key, which only the key's
/// holder can cause, since a key is counted only once its secret verified.
/// </summary>
public sealed class AddressAndKeyLimiter(PartitionedRateLimiter<HttpContext> address, PartitionedRateLimiter<HttpContext> key)
    : PartitionedRateLimiter<HttpContext>
{
    private static readonly RateLimitLease AskAsynchronously = new Refused(RateLimitBudget.ClientAddress, null);

    /// <summary>The budget that turned a request away, given the lease that did.</summary>
    public static RateLimitBudget BudgetOf(RateLimitLease lease) => lease is Refused refused ? refused.Budget : RateLimitBudget.ClientAddress;

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => address.GetStatistics(resource);

    /// <summary>
    /// Nothing is decided without waiting: had the address granted and the key refused, the
    /// framework's middleware, which then asks again with <see cref="RateLimiter.AcquireAsync"/>,
    /// would have the address charged twice.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) => AskAsynchronously;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        var byAddress = address.AcquireAsync(resource, permitCount, cancellationToken);
        var byKey = key.AcquireAsync(resource, permitCount, cancellationToken);
        RateLimitLease addressLease;
        RateLimitLease keyLease;
        try
        {
            addressLease = await byAddress.ConfigureAwait(false);
        }
        finally
        {
            // Awaited whatever happened to the other, so that neither is left unobserved.
            keyLease = await byKey.ConfigureAwait(false);
        }

        // Token buckets' leases hold nothing to give back: one lease stands for both.
        if (!addressLease.IsAcquired)
        {
            keyLease.Dispose();
            return new Refused(RateLimitBudget.ClientAddress, addressLease);
        }

        if (!keyLease.IsAcquired)
        {
            addressLease.Dispose();
            return new Refused(RateLimitBudget.ApiKey, keyLease);
        }

        keyLease.Dispose();
        return addressLease;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            address.Dispose();
            key.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await address.DisposeAsync().ConfigureAwait(false);
        await key.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsyncCore().ConfigureAwait(false);
    }

    /// <summary>A refusal, with the budget that refused and its lease's metadata (the wait).</summary>
    private sealed class Refused(RateLimitBudget budget, RateLimitLease? lease) : RateLimitLease
    {
        public RateLimitBudget Budget => budget;

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => lease?.MetadataNames ?? [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return lease?.TryGetMetadata(metadataName, out metadata) ?? false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                lease?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
