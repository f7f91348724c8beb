using Layers.Bench.Runner;

namespace Layers.Tooling.Tests.Bench;

public sealed class StatisticsTests
{
    [Theory]
    [InlineData(0.50, 5)]
    [InlineData(0.99, 10)]
    [InlineData(0.10, 1)]
    [InlineData(0.0, 1)]
    public void Percentile_is_the_nearest_rank(double p, double expected)
    {
        double[] sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

        Assert.Equal(expected, Statistics.Percentile(sorted, p));
    }

    [Fact]
    public void Percentile_of_nothing_is_nan()
    {
        Assert.True(double.IsNaN(Statistics.Percentile([], 0.5)));
    }

    [Fact]
    public void The_median_is_the_middle_value_and_the_upper_one_of_an_even_count()
    {
        Assert.Equal(3, Statistics.Median([5, 1, 3]));
        Assert.Equal(4, Statistics.Median([4, 1, 3, 9]));
    }

    [Fact]
    public void The_median_round_takes_each_figure_median_on_its_own_sums_counts_and_keeps_the_highest_rss()
    {
        BenchResult[] runs =
        [
            new("API", 5000, 5.0, 30.0, 70_000, 0, 0.14, 0.20, 1.80, 1.80, 0, 150),
            new("API", 4000, 6.0, 20.0, 60_000, 2, 0.12, 0.22, 1.79, 1.79, 2, 158),
            new("API", 4500, 5.5, 400.0, 65_000, 1, 0.13, 0.21, 1.81, 1.81, 1, 149),
        ];

        Assert.Equal(
            new BenchResult("API", 4500, 5.5, 30.0, 195_000, 3, 0.13, 0.21, 1.80, 1.80, 1, 158),
            Statistics.MedianRound(runs));
    }

    [Fact]
    public void The_median_cold_start_takes_each_figure_median_on_its_own_and_sums_errors()
    {
        ColdRun[] runs = [new("bare", 600, 18_000, 0), new("bare", 580, 26_000, 1), new("bare", 900, 17_000, 0)];

        Assert.Equal(new ColdRun("bare", 600, 18_000, 1), Statistics.MedianCold(runs));
    }
}
