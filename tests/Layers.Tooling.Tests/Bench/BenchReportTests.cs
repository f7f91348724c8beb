using System.Text.Json;
using Layers.Bench.Runner;

namespace Layers.Tooling.Tests.Bench;

public sealed class BenchReportTests
{
    private static readonly BenchResult Api = new("API", 5000, 5.6, 20.0, 75_000, 0, 0.135, 0.212, 1.79, 1.79, 0, 158);
    private static readonly BenchResult AsShipped = new("API as shipped", 4500, 6.0, 22.0, 67_500, 0, 0.150, 0.212, 1.79, 1.79, 160, 170);
    private static readonly BenchResult Bare = new("bare", 6000, 5.0, 16.0, 90_000, 0, 0.103, 0.204, 1.79, 1.79, 0, 131);
    private static readonly BenchResult Pgbench = new("pgbench", 10_000, 2.5, 5.0, 150_000, 0, double.NaN, 0.148, 2, 2, double.NaN, double.NaN);
    private static readonly ColdRun ApiCold = new("API", 1040, 13_748, 0);
    private static readonly ColdRun BareCold = new("bare", 580, 18_599, 0);

    private static readonly RunContext Context = new(
        new DateTime(2026, 11, 27, 11, 10, 0, DateTimeKind.Utc),
        "a1cc9bf",
        2,
        "1.00 2.00 3.00",
        TestBenchSettings.Create(),
        PostgresCpuMeasured: false);

    private static BenchReport Report()
    {
        BenchResult[] results = [Api, AsShipped, Bare, Pgbench];
        ColdRun[] cold = [ApiCold, BareCold];
        BenchRound[] rounds = [new([AsShipped, Bare, Api]), new([Bare, Api with { RequestsPerSecond = 5940 }, AsShipped])];
        ColdRound[] coldRounds = [new([BareCold, ApiCold])];
        return BenchReport.Create(results, rounds, cold, coldRounds, Targets.Evaluate(rounds, coldRounds, new MicroResult(9_500, 3_584)), Context);
    }

    [Fact]
    public void The_steady_table_shows_each_target_with_na_where_a_figure_does_not_apply()
    {
        var lines = Report().Markdown.Split('\n');

        Assert.Contains("| API | 5000 | 5.60 | 20.00 | 75000 | 0 | 0.135 | 0.212 | 1.79 | 1.79 | 0 | 158 |", lines);
        Assert.Contains("| API as shipped | 4500 | 6.00 | 22.00 | 67500 | 0 | 0.150 | 0.212 | 1.79 | 1.79 | 160 | 170 |", lines);
        Assert.Contains("| pgbench | 10000 | 2.50 | 5.00 | 150000 | 0 | n/a | 0.148 | 2.00 | 2.00 | n/a | n/a |", lines);
    }

    [Fact]
    public void Every_round_is_listed_in_the_order_it_ran_with_its_ratios()
    {
        var lines = Report().Markdown.Split('\n');

        Assert.Contains("| 1 | 1 | API as shipped | 4500 | 22.00 | 0.150 | 0.212 |", lines);
        Assert.Contains("| 1 | 2 | bare | 6000 | 16.00 | 0.103 | 0.204 |", lines);
        Assert.Contains("| 1 | 3 | API | 5000 | 20.00 | 0.135 | 0.212 |", lines);
        Assert.Contains("| 1 | 0.83 | 1.25 | 1.31 | 1.04 | 1.21 | 0.90 |", lines);
        Assert.Contains("| 1 | bare | 1040 | 580 | 1.79 | 13748 | 18599 | 0.74 |", lines);
    }

    [Fact]
    public void The_cold_table_shows_time_to_first_200_and_requests_in_the_first_seconds()
    {
        var lines = Report().Markdown.Split('\n');

        Assert.Contains("| target | ms to first 200 | requests in the first 10 s | errors |", lines);
        Assert.Contains("| API | 1040 | 13748 | 0 |", lines);
        Assert.Contains("| bare | 580 | 18599 | 0 |", lines);
    }

    [Fact]
    public void Each_target_is_stated_with_its_value_and_whether_it_is_met()
    {
        var lines = Report().Markdown.Split('\n');

        Assert.Contains("| steady-state throughput API/bare | 0.990 | 0.833 0.990 | 0.833-0.990 | 1/2 | >= 0.95 | MISSED |", lines);
        Assert.Contains("| p99 latency API/bare | 1.250 | 1.250 1.250 | 1.250-1.250 | 0/2 | <= 1.15 | MISSED |", lines);
        Assert.Contains("| PostgreSQL CPU per PATCH API/bare | 1.039 | 1.039 1.039 | 1.039-1.039 | 2/2 | <= 1.05 | MET |", lines);
        Assert.Contains("| throughput API as shipped/API | 0.900 | 0.900 0.758 | 0.758-0.900 | 1/2 | >= 0.90 | MISSED |", lines);
        Assert.Contains("| API DB statements per PATCH, authentication included | 1.790 | 1.790 1.790 | 1.790-1.790 | 2/2 | <= 2.00 | MET |", lines);
        Assert.Contains("| in-process PATCH path without the database, us | 9.500 | 9.500 | 9.500-9.500 | 1/1 | <= 10.00 | MET |", lines);
        Assert.Contains("| in-process PATCH path allocated, KiB | 3.500 | 3.500 | 3.500-3.500 | 1/1 | <= 4.00 | MET |", lines);
        Assert.Contains("Without targets: API/pgbench throughput 0.50; bare/pgbench throughput 0.60; API/pgbench p99 4.00.", lines);
    }

    [Fact]
    public void The_json_carries_the_same_figures_with_null_for_those_that_do_not_apply()
    {
        using var json = JsonDocument.Parse(Report().Json);
        var root = json.RootElement;

        Assert.Equal("a1cc9bf", root.GetProperty("commit").GetString());
        var pgbench = root.GetProperty("results")[3];
        Assert.Equal("pgbench", pgbench.GetProperty("target").GetString());
        Assert.Equal(JsonValueKind.Null, pgbench.GetProperty("serverCpuSecondsPer1k").ValueKind);
        Assert.Equal(0.148, pgbench.GetProperty("postgresCpuSecondsPer1k").GetDouble());
        var throughput = root.GetProperty("targets")[0];
        Assert.Equal(0.99, throughput.GetProperty("value").GetDouble());
        Assert.Equal([0.8333, 0.99], throughput.GetProperty("rounds").EnumerateArray().Select(round => round.GetDouble()));
        Assert.Equal(1, throughput.GetProperty("roundsMet").GetInt32());
        Assert.Equal(">= 0.95", throughput.GetProperty("target").GetString());
        Assert.Equal("MISSED", throughput.GetProperty("state").GetString());
        Assert.Equal("API as shipped", root.GetProperty("rounds")[0].GetProperty("runs")[0].GetProperty("target").GetString());
        Assert.Equal(1040, root.GetProperty("cold")[0].GetProperty("msToFirstOk").GetDouble());
        Assert.Equal("bare", root.GetProperty("coldRounds")[0].GetProperty("runs")[0].GetProperty("target").GetString());
    }

    [Fact]
    public void What_still_differs_between_the_servers_is_listed_beside_the_targets()
    {
        var markdown = Report().Markdown;
        var targets = markdown.IndexOf("## Targets", StringComparison.Ordinal);
        var steady = markdown.IndexOf("## Steady state", StringComparison.Ordinal);
        var differences = markdown.IndexOf("What the floor is given, and what still differs", StringComparison.Ordinal);

        Assert.InRange(differences, targets, steady);
        Assert.All(BenchReport.FloorDifferences, difference => Assert.InRange(markdown.IndexOf($"- {difference}", StringComparison.Ordinal), differences, steady));
    }
}
