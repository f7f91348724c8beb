using System.Threading.RateLimiting;
using Layers.Api.RateLimiting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RedisRateLimiting;

namespace Layers.Api.Tests.RateLimiting;

/// <summary>One budget over a shared limiter that can stop answering, with a clock the test moves.</summary>
public sealed class FallbackRateLimiterTests : IDisposable
{
    private const int PermitsPerSecond = 2;

    private static readonly TimeSpan SlowAnswer = TimeSpan.FromMilliseconds(100);

    private readonly FakeTimeProvider clock = new();
    private readonly SharedLimitsOutage outage;
    private readonly SharedStore shared = new(tokenLimit: 3);
    private readonly FallbackRateLimiter limiter;

    public FallbackRateLimiterTests()
    {
        outage = new SharedLimitsOutage(NullLogger<SharedLimitsOutage>.Instance, clock);
        limiter = new FallbackRateLimiter(
            shared, new TokenBucketRateLimiter(RateLimitBuckets.BucketOptions(PermitsPerSecond, autoReplenishment: false)), outage, clock, SlowAnswer);
    }

    public void Dispose() => limiter.Dispose();

    [Fact]
    public async Task While_the_shared_limiter_answers_it_alone_decides()
    {
        var granted = await AcquireAsync(5);

        Assert.Equal([true, true, true, false, false], granted);
        Assert.Equal(5, shared.Asked);
    }

    [Fact]
    public async Task When_the_shared_limiter_fails_a_local_bucket_of_the_configured_size_decides()
    {
        shared.Down = true;

        var granted = await AcquireAsync(6);

        // The configured burst (twice the rate), not the shared store's 3.
        Assert.Equal([true, true, true, true, false, false], granted);
        Assert.True(outage.IsActive);
        Assert.Equal(1, shared.Asked);
    }

    [Fact]
    public async Task In_an_outage_the_shared_limiter_is_asked_again_once_per_interval_and_decides_again_once_it_answers()
    {
        shared.Down = true;
        await AcquireAsync(3);
        shared.Down = false;
        await AcquireAsync(3);
        var askedWithinTheInterval = shared.Asked;

        clock.Advance(SharedLimitsOutage.RetryInterval);
        var granted = await AcquireAsync(4);

        Assert.Equal(1, askedWithinTheInterval);
        Assert.False(outage.IsActive);
        Assert.Equal(5, shared.Asked);
        Assert.Equal([true, true, true, false], granted);
    }

    [Fact]
    public async Task An_answer_slower_than_the_threshold_is_a_failure_the_request_is_decided_locally_and_the_next_ones_do_not_wait()
    {
        shared.Slow = true;

        var waiting = limiter.AcquireAsync(1, TestContext.Current.CancellationToken);
        clock.Advance(SlowAnswer - TimeSpan.FromMilliseconds(1));
        var answeredBeforeTheThreshold = waiting.IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var answeredAtTheThreshold = waiting.IsCompleted;
        var next = limiter.AcquireAsync(1, TestContext.Current.CancellationToken);

        Assert.False(answeredBeforeTheThreshold);
        Assert.True(answeredAtTheThreshold);
        using var lease = await waiting;
        Assert.True(lease.IsAcquired);
        Assert.True(outage.IsActive);
        Assert.True(next.IsCompletedSuccessfully);
        using var nextLease = await next;
        Assert.True(nextLease.IsAcquired);
        Assert.Equal(1, shared.Asked);
    }

    [Fact]
    public async Task Attempts_without_waiting_are_left_to_the_shared_limiter_while_it_answers_and_decided_locally_in_an_outage()
    {
        using var whileShared = limiter.AttemptAcquire();
        var askedWhileShared = shared.Asked;
        shared.Down = true;
        await AcquireAsync(1);
        using var inOutage = limiter.AttemptAcquire();

        Assert.False(whileShared.IsAcquired);
        Assert.Equal(0, askedWhileShared);
        Assert.True(inOutage.IsAcquired);
        Assert.Equal(1, shared.Asked);
    }

    [Fact]
    public async Task Statistics_show_what_the_shared_limiter_left_until_a_period_has_passed()
    {
        await AcquireAsync(3);
        var spent = limiter.GetStatistics()?.CurrentAvailablePermits;
        clock.Advance(TimeSpan.FromSeconds(1));
        var aPeriodLater = limiter.GetStatistics()?.CurrentAvailablePermits;

        Assert.Equal(0, spent);
        Assert.Equal(1, aPeriodLater);
    }

    private async Task<List<bool>> AcquireAsync(int count)
    {
        var granted = new List<bool>();
        for (var i = 0; i < count; i++)
        {
            using var lease = await limiter.AcquireAsync(1, TestContext.Current.CancellationToken);
            granted.Add(lease.IsAcquired);
        }

        return granted;
    }

    /// <summary>
    /// Stands in for Redis: a bucket that never refills, which answers only asynchronously (as the
    /// Redis limiter does), with the permits it has left, throws while it is down, and never answers while it is slow.
    /// </summary>
    private sealed class SharedStore(int tokenLimit) : RateLimiter
    {
        private int tokens = tokenLimit;
        private int asked;

        public bool Down { get; set; }

        /// <summary>Answers never come.</summary>
        public bool Slow { get; set; }

        public int Asked => Volatile.Read(ref asked);

        public override TimeSpan? IdleDuration => TimeSpan.Zero;

        public override RateLimiterStatistics? GetStatistics() => throw new NotSupportedException();

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => throw new NotSupportedException();

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref asked);
            if (Down)
            {
                throw new TimeoutException("The shared store did not answer.");
            }

            if (Slow)
            {
                return new ValueTask<RateLimitLease>(new TaskCompletionSource<RateLimitLease>().Task);
            }

            var granted = Interlocked.Add(ref tokens, -permitCount) >= 0;
            if (!granted)
            {
                Interlocked.Add(ref tokens, permitCount);
            }

            return ValueTask.FromResult<RateLimitLease>(new Lease(granted, Math.Max(0, Volatile.Read(ref tokens))));
        }

        private sealed class Lease(bool granted, long remaining) : RateLimitLease
        {
            public override bool IsAcquired => granted;

            public override IEnumerable<string> MetadataNames => [RateLimitMetadataName.Remaining.Name];

            public override bool TryGetMetadata(string metadataName, out object? metadata)
            {
                metadata = metadataName == RateLimitMetadataName.Remaining.Name ? remaining : null;
                return metadata is not null;
            }
        }
    }
}
