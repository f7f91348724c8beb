using System.Text.Json;
using Layers.Bench.Runner;

namespace Layers.Bench.Tests;

public sealed class BenchReportTests
{
    private static readonly BenchResult Api = new("API", 5000, 5.6, 20.0, 75_000, 0, 0.135, 0.212, 1.79, 1.79, 158);
    private static readonly BenchResult Bare = new("bare", 6000, 5.0, 16.0, 90_000, 0, 0.103, 0.204, 1.79, 1.79, 131);
    private static readonly BenchResult Pgbench = new("pgbench", 10_000, 2.5, 5.0, 150_000, 0, double.NaN, 0.148, 2, 2, double.NaN);

    private static readonly RunContext Context = new(
        new DateTime(2026, 11, 27, 11, 10, 0, DateTimeKind.Utc),
        "a1cc9bf",
        2,
        "1.00 2.00 3.00",
        new BenchSettings
        {
            ConnectionString = "Host=127.0.0.1",
            ApiDll = "api.dll",
            BareDll = "bare.dll",
            WorkDirectory = "work",
            ResultsDirectory = "results",
            WrkScript = "patch.lua",
            Wrk = "wrk",
            Pgbench = "pgbench",
            Rounds = 1,
        },
        PostgresCpuMeasured: false);

    private static BenchReport Report() => BenchReport.Create([Api, Bare, Pgbench], [new BenchRound("API", Api, Bare)], Context);

    [Fact]
    public void The_table_shows_each_target_with_na_where_a_figure_does_not_apply()
    {
        var lines = Report().Markdown.Split('\n');

        Assert.Contains("| API | 5000 | 5.60 | 20.00 | 75000 | 0 | 0.135 | 0.212 | 1.79 | 1.79 | 158 |", lines);
        Assert.Contains("| pgbench | 10000 | 2.50 | 5.00 | 150000 | 0 | n/a | 0.148 | 2.00 | 2.00 | n/a |", lines);
        Assert.Contains("| 1 | API | 5000 | 6000 | 0.83 | 20.00 | 16.00 | 1.25 |", lines);
    }

    [Fact]
    public void Ratios_state_their_targets_as_met_or_missed()
    {
        var lines = Report().Markdown.Split('\n');

        Assert.Contains("- API/bare throughput: 0.83 (target >= 0.90: MISSED)", lines);
        Assert.Contains("- API/bare p99: 1.25 (target <= 1.20: MISSED)", lines);
        Assert.Contains("- API/pgbench throughput: 0.50", lines);
        Assert.Contains("- API/pgbench p99: 4.00", lines);
    }

    [Fact]
    public void The_json_carries_the_same_figures_with_null_for_those_that_do_not_apply()
    {
        using var json = JsonDocument.Parse(Report().Json);
        var root = json.RootElement;

        Assert.Equal("a1cc9bf", root.GetProperty("commit").GetString());
        var pgbench = root.GetProperty("results")[2];
        Assert.Equal("pgbench", pgbench.GetProperty("target").GetString());
        Assert.Equal(JsonValueKind.Null, pgbench.GetProperty("serverCpuSecondsPer1k").ValueKind);
        Assert.Equal(0.148, pgbench.GetProperty("postgresCpuSecondsPer1k").GetDouble());
        var throughput = root.GetProperty("ratios")[0];
        Assert.Equal(0.8333, throughput.GetProperty("value").GetDouble());
        Assert.False(throughput.GetProperty("met").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("ratios")[2].GetProperty("target").ValueKind);
    }
}
