namespace Layers.Api.RateLimiting;

/// <summary>
/// Whether the store that shares the rate limits between instances (Redis) counts requests, as
/// the limiters (and readiness, through a bucket of its own) find it when they run a bucket's
/// command: a store that fails the command, refuses it (out of memory, read-only) or answers it
/// too late does not share the limits, whether or not it would answer a ping. One such failure
/// starts an outage, logged once as a warning; while it lasts, limiters decide alone and ask the
/// store again at most once per <see cref="RetryInterval"/>, so that a store that hangs or is slow
/// costs one request a wait now and then rather than every request. The first command that was
/// asked after the outage began and succeeded in time ends it, logged once more. Answers to
/// questions asked before a change of state say nothing about the state now, so they change nothing.
/// </summary>
public sealed partial class SharedLimitsOutage(ILogger<SharedLimitsOutage> logger, TimeProvider clock)
{
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();

    // Read without the lock on every request; written under it.
    private volatile bool active;
    private long began;
    private long ended;
    private long nextTry;

    /// <summary>True while the limits are per instance because the store did not count requests.</summary>
    public bool IsActive => active;

    /// <summary>Whether a limiter may ask the store now; <paramref name="asked"/> is the time to report back with.</summary>
    public bool TryAsk(out long asked)
    {
        asked = clock.GetTimestamp();
        if (!active)
        {
            return true;
        }

        lock (gate)
        {
            if (!active)
            {
                return true;
            }

            if (asked < nextTry)
            {
                return false;
            }

            Volatile.Write(ref nextTry, asked + Ticks(RetryInterval));
            return true;
        }
    }

    /// <summary>Whether <see cref="TryAsk"/> would let a limiter ask now, without taking the turn.</summary>
    public bool MayAsk() => !active || clock.GetTimestamp() >= Volatile.Read(ref nextTry);

    /// <summary>The store answered a question asked at <paramref name="asked"/>.</summary>
    public void Answered(long asked)
    {
        if (!active)
        {
            return;
        }

        lock (gate)
        {
            if (!active || asked < began)
            {
                return;
            }

            active = false;
            ended = clock.GetTimestamp();
            var seconds = clock.GetElapsedTime(began, ended).TotalSeconds;
            LogBack(logger, seconds);
        }
    }

    /// <summary>The store failed a question asked at <paramref name="asked"/>.</summary>
    public void Failed(long asked, Exception exception)
    {
        if (active)
        {
            return;
        }

        lock (gate)
        {
            if (active || asked < ended)
            {
                return;
            }

            active = true;
            began = clock.GetTimestamp();
            Volatile.Write(ref nextTry, began + Ticks(RetryInterval));
            LogDown(logger, exception);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * clock.TimestampFrequency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis does not count requests: rate limits are per instance until it does")]
    private static partial void LogDown(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis counts requests again after {Seconds:0.0} s: rate limits are shared again")]
    private static partial void LogBack(ILogger logger, double seconds);
}
