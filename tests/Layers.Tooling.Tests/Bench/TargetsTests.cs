using Layers.Bench.Runner;

namespace Layers.Tooling.Tests.Bench;

public sealed class TargetsTests
{
    // Figures whose ratios are exactly the targets in binary floating point too (0.5 and 0.25 are powers of two).
    private static readonly BenchResult Bare = new("bare", 4000, 4.0, 10.0, 60_000, 0, 0.5, 0.25, 1.80, 1.80, 0, 130);

    private static IReadOnlyList<TargetCheck> Evaluate(BenchResult api, BenchResult asShipped, ColdRun apiCold) =>
        Targets.Evaluate(
            [api, asShipped, Bare, new("pgbench", 8000, 2, 5, 120_000, 0, double.NaN, 0.15, 2, 2, double.NaN, double.NaN)],
            [apiCold, new ColdRun("bare", 512, 20_000, 0)]);

    [Fact]
    public void Figures_exactly_at_their_targets_meet_them()
    {
        var api = new BenchResult("API", 3600, 5.0, 12.0, 54_000, 0, 0.65, 0.275, 2.0, 2.0, 0, 150);
        var asShipped = api with { Name = "API as shipped", RequestsPerSecond = 3060 };

        var targets = Evaluate(api, asShipped, new ColdRun("API", 768, 16_000, 0));

        Assert.Equal(
            [
                "steady-state throughput API/bare",
                "p99 latency API/bare",
                "server CPU per PATCH API/bare",
                "PostgreSQL CPU per PATCH API/bare",
                "cold start to first 200 API/bare",
                "requests in the first seconds from cold API/bare",
                "throughput API as shipped/API",
                "API DB statements per PATCH, authentication included",
            ],
            targets.Select(target => target.Measure));
        Assert.All(targets, target => Assert.Equal(TargetState.Met, target.State));
    }

    [Fact]
    public void Figures_past_their_targets_miss_them_in_either_direction()
    {
        var api = new BenchResult("API", 3599, 5.0, 12.1, 54_000, 0, 0.66, 0.28, 2.01, 2.01, 0, 150);
        var asShipped = api with { Name = "API as shipped", RequestsPerSecond = 3059 };

        var targets = Evaluate(api, asShipped, new ColdRun("API", 769, 15_999, 0));

        Assert.All(targets, target => Assert.Equal(TargetState.Missed, target.State));
        Assert.Equal(["MISSED"], targets.Select(target => target.StateText).Distinct());
    }

    [Fact]
    public void A_figure_that_was_not_measured_is_neither_met_nor_missed()
    {
        var check = new TargetCheck("PostgreSQL CPU per PATCH API/bare", double.NaN, AtLeast: false, 1.1);

        Assert.Equal(TargetState.NotMeasured, check.State);
        Assert.Equal("n/a", check.StateText);
        Assert.Equal("<= 1.10", check.Target);
    }
}
