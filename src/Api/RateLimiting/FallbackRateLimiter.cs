using System.Threading.RateLimiting;
using Layers.Api.Idempotency;
using RedisRateLimiting;

namespace Layers.Api.RateLimiting;

/// <summary>
/// One budget (a key's, a client address's) counted by a limiter that all instances share
/// (Redis) while it answers in time, and by a token bucket of this instance while it does not
/// (<see cref="SharedLimitsOutage"/>). A request waits for the shared limiter's answer a given
/// time at most: one not back by then is a failure like any other, so that a slow Redis costs a
/// request that wait at most, and only the requests that ask it once a second while it is slow.
/// The local bucket has the same size and rate and is charged only while it stands in, so an
/// outage starts each instance with a full bucket.
/// </summary>
/// <remarks>
/// The shared limiter answers only asynchronously, like the Redis limiter itself: while it is the
/// one to ask, <see cref="RateLimiter.AttemptAcquire"/> grants nothing, and callers (ASP.NET Core's
/// rate limiting middleware among them) go on to <see cref="RateLimiter.AcquireAsync"/>.
/// </remarks>
public sealed class FallbackRateLimiter : ReplenishingRateLimiter
{
    private static readonly RateLimitLease AskAsynchronously = new Undecided();

    private readonly RateLimiter shared;
    private readonly TokenBucketRateLimiter local;
    private readonly SharedLimitsOutage outage;
    private readonly TimeProvider clock;
    private readonly TimeSpan slowAnswer;
    private readonly TimeSpan period;
    private SharedView lastSeen;
    private long successful;
    private long failed;

    /// <param name="local">Replenished by its owner (<see cref="TryReplenish"/>), as partitioned limiters do.</param>
    /// <param name="slowAnswer">The longest a request waits for <paramref name="shared"/>'s answer.</param>
    public FallbackRateLimiter(RateLimiter shared, TokenBucketRateLimiter local, SharedLimitsOutage outage, TimeProvider clock, TimeSpan slowAnswer)
    {
        ArgumentNullException.ThrowIfNull(shared);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(outage);
        ArgumentNullException.ThrowIfNull(clock);
        this.shared = shared;
        this.local = local;
        this.outage = outage;
        this.clock = clock;
        this.slowAnswer = slowAnswer;
        period = local.ReplenishmentPeriod;
        lastSeen = new SharedView(local.GetStatistics()?.CurrentAvailablePermits ?? 1, 0);
    }

    public override TimeSpan? IdleDuration =>
        (shared.IdleDuration, local.IdleDuration) is ({ } sharedIdle, { } localIdle) ? (sharedIdle < localIdle ? sharedIdle : localIdle) : null;

    public override bool IsAutoReplenishing => false;

    public override TimeSpan ReplenishmentPeriod => period;

    public override bool TryReplenish() => local.TryReplenish();

    /// <summary>
    /// While the limits are shared: the permits the shared limiter left at this instance's last
    /// request, or at least one once a replenishment period has passed since. Otherwise the local bucket's.
    /// </summary>
    public override RateLimiterStatistics? GetStatistics()
    {
        if (outage.IsActive)
        {
            return local.GetStatistics();
        }

        var seen = Volatile.Read(ref lastSeen);
        return new RateLimiterStatistics
        {
            CurrentAvailablePermits = clock.GetElapsedTime(seen.At) < period ? seen.Remaining : Math.Max(1, seen.Remaining),
            TotalSuccessfulLeases = Interlocked.Read(ref successful),
            TotalFailedLeases = Interlocked.Read(ref failed),
        };
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        outage.MayAsk() ? AskAsynchronously : Count(local.AttemptAcquire(permitCount));

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (outage.TryAsk(out var asked))
        {
            Task<RateLimitLease>? answer = null;
            try
            {
                answer = shared.AcquireAsync(permitCount, cancellationToken).AsTask();
                var lease = await answer.WaitAsync(slowAnswer, clock, cancellationToken).ConfigureAwait(false);
                outage.Answered(asked);
                Volatile.Write(ref lastSeen, new SharedView(
                    lease.TryGetMetadata(RateLimitMetadataName.Remaining, out var remaining) ? remaining : lease.IsAcquired ? 1 : 0,
                    clock.GetTimestamp()));
                return Count(lease);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Whatever went wrong with the shared limiter, slowness included, the request is still
                // served under this instance's limit.
                outage.Failed(asked, answer is null || answer.IsFaulted || answer.IsCanceled ? exception : new TimeoutException($"Redis did not answer within {slowAnswer.TotalMilliseconds:0} ms."));
            }
            finally
            {
                if (answer is { IsCompleted: false })
                {
                    // The answer still comes, or fails, after the request went on without it.
                    _ = answer.ContinueWith(
                        static late =>
                        {
                            if (late.IsCompletedSuccessfully)
                            {
                                late.Result.Dispose();
                            }
                            else
                            {
                                _ = late.Exception;
                            }
                        },
                        CancellationToken.None,
                        TaskContinuationOptions.ExecuteSynchronously,
                        TaskScheduler.Default);
                }
            }
        }

        return Count(local.AttemptAcquire(permitCount));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            shared.Dispose();
            local.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await shared.DisposeAsync().ConfigureAwait(false);
        await local.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsyncCore().ConfigureAwait(false);
    }

    private RateLimitLease Count(RateLimitLease lease)
    {
        if (lease.IsAcquired)
        {
            Interlocked.Increment(ref successful);
        }
        else
        {
            Interlocked.Increment(ref failed);
        }

        return lease;
    }

    private sealed record SharedView(long Remaining, long At);

    private sealed class Undecided : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
