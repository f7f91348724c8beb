using System.Globalization;

namespace Layers.Bench.Runner;

/// <summary>One step of a run and how long it is planned to take (its load, plus starting and stopping what it runs).</summary>
internal sealed record PlannedStep(string Name, TimeSpan Planned);

/// <summary>
/// Announces each step of a long run with the time elapsed and an estimate of what remains: the
/// plan of the steps left, scaled by how the steps done so far compared with their plan, since a
/// busy machine stretches start-ups and set-up alike.
/// </summary>
internal sealed class BenchProgress(IReadOnlyList<PlannedStep> steps, Func<TimeSpan> elapsed, Action<string> write)
{
    // Starting, checking and stopping a server, vacuuming and waiting for its backends to exit.
    private static readonly TimeSpan Overhead = TimeSpan.FromSeconds(5);

    private int next;

    /// <summary>The steps of a run with these settings, in the order <see cref="BenchRun"/> runs them.</summary>
    public static IReadOnlyList<PlannedStep> Plan(BenchSettings settings, bool micro)
    {
        ArgumentNullException.ThrowIfNull(settings);

        var steady = Steady(settings);
        var cold = Cold(settings);
        var plan = new List<PlannedStep>();
        if (micro)
        {
            plan.Add(new("micro-benchmark of the PATCH path", TimeSpan.FromSeconds(90)));
        }

        plan.Add(new("seeding and checking that the API and the bare endpoint answer alike", TimeSpan.FromSeconds(30)));
        for (var round = 1; round <= settings.Rounds; round++)
        {
            plan.Add(new($"steady round {round}/{settings.Rounds}", 3 * steady));
        }

        plan.Add(new("pgbench", steady));
        for (var round = 1; round <= settings.ColdRounds; round++)
        {
            plan.Add(new($"cold start round {round}/{settings.ColdRounds}", 2 * cold));
        }

        return plan;
    }

    /// <summary>The steps of an A/B comparison with these settings, in the order <see cref="AbRun"/> runs them.</summary>
    public static IReadOnlyList<PlannedStep> PlanAb(BenchSettings settings, bool asShipped)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var runsPerRound = asShipped ? 4 : 2;
        var plan = new List<PlannedStep> { new("seeding", TimeSpan.FromSeconds(30)) };
        for (var round = 1; round <= settings.Rounds; round++)
        {
            plan.Add(new($"paired steady round {round}/{settings.Rounds}", runsPerRound * Steady(settings)));
        }

        for (var round = 1; round <= settings.ColdRounds; round++)
        {
            plan.Add(new($"paired cold start round {round}/{settings.ColdRounds}", 2 * Cold(settings)));
        }

        return plan;
    }

    /// <summary>Announces the next step of the plan.</summary>
    public void Next()
    {
        if (next >= steps.Count)
        {
            throw new InvalidOperationException($"No step is planned after {steps.Count}.");
        }

        var now = elapsed();
        var done = steps.Take(next).Aggregate(TimeSpan.Zero, (sum, step) => sum + step.Planned);
        var left = steps.Skip(next).Aggregate(TimeSpan.Zero, (sum, step) => sum + step.Planned);
        var pace = done > TimeSpan.Zero ? now / done : 1;
        write(string.Create(CultureInfo.InvariantCulture, $"[{next + 1}/{steps.Count}, {Clock(now)} elapsed, about {Clock(left * pace)} left] {steps[next].Name}"));
        next++;
    }

    private static TimeSpan Steady(BenchSettings settings) => TimeSpan.FromSeconds(settings.WarmUpSeconds + settings.Seconds) + Overhead;

    private static TimeSpan Cold(BenchSettings settings) => TimeSpan.FromSeconds(settings.ColdSeconds) + Overhead;

    private static string Clock(TimeSpan time) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalMinutes}:{time.Seconds:D2}");
}
