namespace Layers.Api.Http;

/// <summary>What <c>/readyz</c> reports, apart from a stopping instance.</summary>
public enum Readiness
{
    Ready,

    /// <summary>Serving, under this instance's own rate limits: Redis does not share them.</summary>
    Degraded,

    /// <summary>Not to be sent traffic: PostgreSQL does not answer, or the pool is not open yet.</summary>
    Unavailable,
}

/// <summary>
/// The instance's readiness, checked at most once per <see cref="MaxAge"/>: a probe that comes
/// while a check runs, or within <see cref="MaxAge"/> of the start of the last one, gets that
/// check's result. A flood of probes (<c>/readyz</c> is anonymous and unlimited, as probes need)
/// then costs the database and Redis one check a second, and a probe still sees a change within
/// about a second.
/// </summary>
public sealed class RecentReadiness(Func<Task<Readiness>> check, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    private Task<Readiness>? last;
    private long lastStarted;

    public Task<Readiness> CheckAsync()
    {
        lock (gate)
        {
            if (last is null || (last.IsCompleted && clock.GetElapsedTime(lastStarted) >= MaxAge))
            {
                lastStarted = clock.GetTimestamp();

                // Not on the probe's own flow: its check is everyone's, and no probe's to cancel.
                last = Task.Run(check);
            }

            return last;
        }
    }
}
