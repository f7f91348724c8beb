using Layers.Bench.Runner;

namespace Layers.Tooling.Tests.Bench;

public sealed class BenchProgressTests
{
    private static readonly PlannedStep[] Steps =
    [
        new("seeding", TimeSpan.FromSeconds(30)),
        new("steady round 1/2", TimeSpan.FromSeconds(60)),
        new("steady round 2/2", TimeSpan.FromSeconds(60)),
    ];

    [Fact]
    public void Each_step_is_announced_with_the_time_elapsed_and_the_plan_left_scaled_by_the_pace_so_far()
    {
        var now = TimeSpan.Zero;
        var lines = new List<string>();
        var progress = new BenchProgress(Steps, () => now, lines.Add);

        progress.Next();
        now = TimeSpan.FromSeconds(45);
        progress.Next();
        now = TimeSpan.FromSeconds(135);
        progress.Next();

        Assert.Equal(
            [
                "[1/3, 0:00 elapsed, about 2:30 left] seeding",
                "[2/3, 0:45 elapsed, about 3:00 left] steady round 1/2",
                "[3/3, 2:15 elapsed, about 1:30 left] steady round 2/2",
            ],
            lines);
    }

    [Fact]
    public void A_step_past_the_plan_is_refused()
    {
        var progress = new BenchProgress([Steps[0]], () => TimeSpan.Zero, _ => { });
        progress.Next();

        Assert.Throws<InvalidOperationException>(progress.Next);
    }

    [Fact]
    public void The_plan_has_a_step_per_round_in_the_order_the_run_takes_them()
    {
        var settings = TestBenchSettings.Create() with
        {
            Rounds = 3,
            WarmUpSeconds = 30,
            Seconds = 15,
            ColdSeconds = 10,
        };

        var plan = BenchProgress.Plan(settings, micro: true);

        Assert.Equal(
            [
                "micro-benchmark of the PATCH path",
                "seeding and checking that the API and the bare endpoint answer alike",
                "steady round 1/3",
                "steady round 2/3",
                "steady round 3/3",
                "pgbench",
                "cold start round 1/1",
            ],
            plan.Select(step => step.Name));
        Assert.Equal(TimeSpan.FromSeconds(3 * (30 + 15 + 5)), plan[2].Planned);
    }

    [Fact]
    public void The_A_B_plan_has_a_step_per_paired_round_each_planned_for_both_runs_of_each_configuration()
    {
        var settings = TestBenchSettings.Create() with
        {
            ApiDll = "a.dll",
            Rounds = 3,
            WarmUpSeconds = 20,
            Seconds = 15,
            ColdSeconds = 10,
        };

        var plan = BenchProgress.PlanAb(settings, asShipped: true);

        Assert.Equal(
            ["seeding", "paired steady round 1/3", "paired steady round 2/3", "paired steady round 3/3", "paired cold start round 1/1"],
            plan.Select(step => step.Name));
        Assert.Equal(TimeSpan.FromSeconds(4 * (20 + 15 + 5)), plan[1].Planned);
        Assert.Equal(TimeSpan.FromSeconds(2 * (10 + 5)), plan[4].Planned);
    }
}
