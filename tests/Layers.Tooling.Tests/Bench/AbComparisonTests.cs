using Layers.Bench.Runner;

namespace Layers.Tooling.Tests.Bench;

public sealed class AbComparisonTests
{
    private static BenchResult Run(string name, double requestsPerSecond, double serverCpu = 0.135, double postgresCpu = 0.212) =>
        new(name, requestsPerSecond, 5.0, 20.0, 75_000, 0, serverCpu, postgresCpu, 1.79, 1.79, 0, 158);

    [Fact]
    public void B_worse_beyond_noise_takes_a_median_more_than_three_percent_off_and_four_of_five_rounds_on_its_side()
    {
        var figure = new AbFigure("throughput B/A", [0.90, 0.92, 0.95, 1.01, 0.93], HigherIsBetter: true);

        Assert.Equal(0.93, figure.Median);
        Assert.Equal(4, figure.RoundsAgreeing);
        Assert.Equal(AbVerdict.BWorse, figure.Verdict);
        Assert.Equal("B worse beyond noise", figure.VerdictText);
    }

    [Fact]
    public void Three_rounds_of_five_on_the_median_s_side_are_no_difference_however_far_the_median()
    {
        var figure = new AbFigure("throughput B/A", [0.80, 0.85, 0.90, 1.05, 1.10], HigherIsBetter: true);

        Assert.Equal(3, figure.RoundsAgreeing);
        Assert.Equal(4, figure.RoundsNeeded);
        Assert.Equal(AbVerdict.NoDifference, figure.Verdict);
        Assert.Equal("no difference beyond noise", figure.VerdictText);
    }

    [Fact]
    public void A_median_within_three_percent_is_no_difference_though_every_round_agrees()
    {
        var figure = new AbFigure("server CPU per PATCH B/A", [0.98, 0.975, 0.99, 0.985, 0.972], HigherIsBetter: false);

        Assert.Equal(5, figure.RoundsAgreeing);
        Assert.Equal(AbVerdict.NoDifference, figure.Verdict);
    }

    [Fact]
    public void Less_of_a_cost_beyond_noise_is_B_better()
    {
        var figure = new AbFigure("server CPU per PATCH B/A", [0.80, 0.85, 0.82], HigherIsBetter: false);

        Assert.Equal(3, figure.RoundsNeeded);
        Assert.Equal(AbVerdict.BBetter, figure.Verdict);
        Assert.Equal("B better beyond noise", figure.VerdictText);
    }

    [Fact]
    public void A_figure_missing_in_a_round_is_not_measured()
    {
        var figure = new AbFigure("PostgreSQL CPU per PATCH B/A", [double.NaN, double.NaN, double.NaN], HigherIsBetter: false);

        Assert.Equal(AbVerdict.NotMeasured, figure.Verdict);
        Assert.Equal("n/a", figure.VerdictText);
    }

    [Fact]
    public void Two_rounds_are_too_few_to_tell_however_far_apart()
    {
        var figure = new AbFigure("throughput B/A", [0.5, 0.6], HigherIsBetter: true);

        Assert.Equal(AbVerdict.TooFewRounds, figure.Verdict);
        Assert.Equal("too few rounds to tell (3 at least)", figure.VerdictText);
    }

    [Fact]
    public void Each_configuration_s_pair_alternates_which_goes_first_from_round_to_round()
    {
        IReadOnlyList<IReadOnlyList<string>> configurations = [["A", "B"], ["A as shipped", "B as shipped"]];

        Assert.Equal(["A", "B", "A as shipped", "B as shipped"], AbComparison.Schedule(configurations, 0));
        Assert.Equal(["B", "A", "B as shipped", "A as shipped"], AbComparison.Schedule(configurations, 1));
        Assert.Equal(["A", "B", "A as shipped", "B as shipped"], AbComparison.Schedule(configurations, 2));
    }

    [Fact]
    public void Each_figure_is_B_over_A_within_each_round_whichever_ran_first()
    {
        BenchRound[] rounds =
        [
            new([Run("A", 5000, serverCpu: 0.100), Run("B", 4500, serverCpu: 0.120), Run("A as shipped", 4000), Run("B as shipped", 4400)]),
            new([Run("B", 6000, serverCpu: 0.090), Run("A", 5000, serverCpu: 0.100), Run("B as shipped", 3000), Run("A as shipped", 4000)]),
        ];
        ColdRound[] coldRounds = [new([new ColdRun("A", 1000, 10_000, 0), new ColdRun("B", 800, 12_000, 0)])];

        var figures = AbComparison.Evaluate(rounds, coldRounds, asShipped: true, coldSeconds: 10);

        Assert.Equal(
            [
                "throughput B/A, API row",
                "p99 latency B/A, API row",
                "server CPU per PATCH B/A, API row",
                "PostgreSQL CPU per PATCH B/A, API row",
                "peak resident memory B/A, API row",
                "throughput B/A, as shipped",
                "p99 latency B/A, as shipped",
                "server CPU per PATCH B/A, as shipped",
                "PostgreSQL CPU per PATCH B/A, as shipped",
                "peak resident memory B/A, as shipped",
                "cold start to first 200 B/A",
                "requests in the first 10 s from cold B/A",
            ],
            figures.Select(figure => figure.Measure));
        Assert.Equal([0.9, 1.2], figures[0].Rounds);
        Assert.Equal([1.2, 0.9], figures[2].Rounds.Select(ratio => Math.Round(ratio, 6)));
        Assert.Equal([1.1, 0.75], figures[5].Rounds);
        Assert.Equal([0.8], figures[10].Rounds);
        Assert.Equal([1.2], figures[11].Rounds);
    }

    [Fact]
    public void Without_as_shipped_only_the_API_row_s_configuration_and_the_cold_start_are_compared()
    {
        BenchRound[] rounds = [new([Run("A", 5000), Run("B", 5000)])];
        ColdRound[] coldRounds = [new([new ColdRun("B", 800, 12_000, 0), new ColdRun("A", 800, 12_000, 0)])];

        var figures = AbComparison.Evaluate(rounds, coldRounds, asShipped: false, coldSeconds: 10);

        Assert.Equal(7, figures.Count);
        Assert.All(figures, figure => Assert.Equal([1.0], figure.Rounds));
    }
}
