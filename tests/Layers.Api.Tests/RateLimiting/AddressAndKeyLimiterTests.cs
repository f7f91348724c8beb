using System.Threading.RateLimiting;
using Layers.Api.Observability;
using Layers.Api.Proxies;
using Layers.Api.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace Layers.Api.Tests.RateLimiting;

/// <summary>A request's two budgets over stand-ins for Redis that answer only when the test says.</summary>
public sealed class AddressAndKeyLimiterTests : IDisposable
{
    private readonly PendingBudget address = new();
    private readonly PendingBudget key = new();
    private readonly AddressAndKeyLimiter limiter;

    public AddressAndKeyLimiterTests() =>
        limiter = new AddressAndKeyLimiter(
            PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.Get("address", _ => address)),
            PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.Get("key", _ => key)));

    public void Dispose() => limiter.Dispose();

    [Fact]
    public async Task Both_budgets_are_asked_before_either_answers()
    {
        var acquiring = limiter.AcquireAsync(new DefaultHttpContext(), 1, TestContext.Current.CancellationToken);
        var askedBeforeAnyAnswer = (address.Asked, key.Asked);
        key.Answer(granted: true);
        address.Answer(granted: true);

        using var lease = await acquiring;

        Assert.Equal((1, 1), askedBeforeAnyAnswer);
        Assert.True(lease.IsAcquired);
    }

    [Theory]
    [InlineData(false, true, RateLimitBudget.ClientAddress)]
    [InlineData(true, false, RateLimitBudget.ApiKey)]
    [InlineData(false, false, RateLimitBudget.ClientAddress)]
    public async Task A_request_refused_by_either_budget_is_refused_and_names_the_one_that_refused(bool addressGrants, bool keyGrants, RateLimitBudget refusedBy)
    {
        var acquiring = limiter.AcquireAsync(new DefaultHttpContext(), 1, TestContext.Current.CancellationToken);
        address.Answer(addressGrants);
        key.Answer(keyGrants);

        using var lease = await acquiring;

        Assert.False(lease.IsAcquired);
        Assert.Equal(refusedBy, AddressAndKeyLimiter.BudgetOf(lease));
    }

    /// <summary>Answers, only asynchronously as Redis does, when <see cref="Answer"/> is called.</summary>
    private sealed class PendingBudget : RateLimiter
    {
        private readonly TaskCompletionSource<RateLimitLease> answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int asked;

        public int Asked => Volatile.Read(ref asked);

        public override TimeSpan? IdleDuration => null;

        public void Answer(bool granted) => answer.SetResult(new Lease(granted));

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => throw new NotSupportedException();

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref asked);
            return new ValueTask<RateLimitLease>(answer.Task);
        }

        private sealed class Lease(bool granted) : RateLimitLease
        {
            public override bool IsAcquired => granted;

            public override IEnumerable<string> MetadataNames => [];

            public override bool TryGetMetadata(string metadataName, out object? metadata)
            {
                metadata = null;
                return false;
            }
        }
    }
}
