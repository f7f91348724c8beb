using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Layers.Api.Health;

/// <summary>
/// The framework's health check service, its full report run at most once per <see cref="MaxAge"/>:
/// a probe that comes while a check runs, or within <see cref="MaxAge"/> of the start of the last
/// one, gets that check's report. A flood of probes (<c>/readyz</c> is anonymous and unlimited, as
/// probes need) then costs the database and Redis one check a second, and a probe still sees a
/// change within about a second.
/// </summary>
public sealed class RecentHealthReport(HealthCheckService checks, TimeProvider clock) : HealthCheckService
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    private Task<HealthReport>? last;
    private long lastStarted;

    public override Task<HealthReport> CheckHealthAsync(Func<HealthCheckRegistration, bool>? predicate, CancellationToken cancellationToken = default)
    {
        // Only the full report is shared; one of some checks (liveness asks for none) runs as asked.
        if (predicate is not null)
        {
            return checks.CheckHealthAsync(predicate, cancellationToken);
        }

        lock (gate)
        {
            if (last is null || (last.IsCompleted && clock.GetElapsedTime(lastStarted) >= MaxAge))
            {
                lastStarted = clock.GetTimestamp();

                // Not on the probe's own flow: its check is everyone's, and no probe's to cancel.
                last = Task.Run(() => checks.CheckHealthAsync(CancellationToken.None));
            }

            return last.WaitAsync(cancellationToken);
        }
    }
}
