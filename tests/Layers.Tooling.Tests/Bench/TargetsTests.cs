using Layers.Bench.Runner;

namespace Layers.Tooling.Tests.Bench;

public sealed class TargetsTests
{
    // Integer figures: each ratio of two is the double nearest its exact value, as the target's literal is.
    private static readonly BenchResult Bare = new("bare", 4000, 4.0, 20.0, 60_000, 0, 400, 200, 1.80, 1.80, 0, 100);
    private static readonly ColdRun BareCold = new("bare", 400, 20_000, 0);
    private static readonly MicroResult Micro = new(10_000, 4096);

    private static IReadOnlyList<TargetCheck> Evaluate(BenchResult api, BenchResult asShipped, ColdRun apiCold, MicroResult? micro) =>
        Targets.Evaluate([new BenchRound([api, asShipped, Bare])], [new ColdRound([apiCold, BareCold])], micro);

    [Fact]
    public void Figures_exactly_at_their_targets_meet_them()
    {
        var api = new BenchResult("API", 3800, 5.0, 23.0, 54_000, 0, 500, 210, 2.0, 2.0, 0, 150);
        var asShipped = api with { Name = "API as shipped", RequestsPerSecond = 3420 };

        var targets = Evaluate(api, asShipped, new ColdRun("API", 540, 17_000, 0), Micro);

        Assert.Equal(
            [
                "steady-state throughput API/bare",
                "p99 latency API/bare",
                "server CPU per PATCH API/bare",
                "PostgreSQL CPU per PATCH API/bare",
                "cold start to first 200 API/bare",
                "requests in the first seconds from cold API/bare",
                "peak resident memory under load API/bare",
                "throughput API as shipped/API",
                "API DB statements per PATCH, authentication included",
                "in-process PATCH path without the database, us",
                "in-process PATCH path allocated, KiB",
            ],
            targets.Select(target => target.Measure));
        Assert.Equal([0.95, 1.15, 1.25, 1.05, 1.35, 0.85, 1.50, 0.90, 2, 10, 4], targets.Select(target => target.Value));
        Assert.All(targets, target => Assert.Equal(TargetState.Met, target.State));
    }

    [Fact]
    public void Figures_past_their_targets_miss_them_in_either_direction()
    {
        var api = new BenchResult("API", 3799, 5.0, 23.01, 54_000, 0, 500.1, 210.1, 2.01, 2.01, 0, 150.1);
        var asShipped = api with { Name = "API as shipped", RequestsPerSecond = 3419 };

        var targets = Evaluate(api, asShipped, new ColdRun("API", 540.1, 16_999, 0), new MicroResult(10_001, 4097));

        Assert.All(targets, target => Assert.Equal(TargetState.Missed, target.State));
        Assert.Equal(["MISSED"], targets.Select(target => target.StateText).Distinct());
    }

    [Fact]
    public void Each_ratio_is_taken_within_its_round()
    {
        var slowRound = new BenchRound([Bare with { RequestsPerSecond = 2000 }, Bare with { Name = "API", RequestsPerSecond = 1900 }, Bare with { Name = "API as shipped" }]);
        var fastRound = new BenchRound([Bare with { RequestsPerSecond = 8000 }, Bare with { Name = "API", RequestsPerSecond = 8000 }, Bare with { Name = "API as shipped" }]);

        var throughput = Targets.Evaluate([slowRound, fastRound], [new ColdRound([BareCold with { Name = "API" }, BareCold])], Micro)[0];

        Assert.Equal([0.95, 1.0], throughput.Rounds);
        Assert.Equal((0.95, 1.0), throughput.Spread);
        Assert.Equal(2, throughput.RoundsMet);
    }

    [Fact]
    public void A_target_is_met_when_its_median_and_two_thirds_of_its_rounds_meet_it()
    {
        var check = new TargetCheck("steady-state throughput API/bare", [0.97, 0.90, 0.96], AtLeast: true, 0.95);

        Assert.Equal(0.96, check.Value);
        Assert.Equal(2, check.RoundsMet);
        Assert.Equal(TargetState.Met, check.State);
    }

    [Fact]
    public void A_median_that_meets_its_target_is_not_enough_when_fewer_than_two_thirds_of_the_rounds_do()
    {
        var check = new TargetCheck("steady-state throughput API/bare", [0.96, 0.90, 0.97, 0.80, 0.99], AtLeast: true, 0.95);

        Assert.Equal(0.96, check.Value);
        Assert.Equal(3, check.RoundsMet);
        Assert.Equal(TargetState.Missed, check.State);
    }

    [Fact]
    public void A_figure_that_was_not_measured_is_neither_met_nor_missed()
    {
        var postgres = new TargetCheck("PostgreSQL CPU per PATCH API/bare", [1.0, double.NaN, 1.0], AtLeast: false, 1.05);
        var micro = Evaluate(Bare with { Name = "API" }, Bare with { Name = "API as shipped" }, BareCold with { Name = "API" }, micro: null)[^1];

        Assert.Equal(TargetState.NotMeasured, postgres.State);
        Assert.Equal("n/a", postgres.StateText);
        Assert.Equal("<= 1.05", postgres.Target);
        Assert.Equal(TargetState.NotMeasured, micro.State);
        Assert.Empty(micro.Rounds);
    }
}
