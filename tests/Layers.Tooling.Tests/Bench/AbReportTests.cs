using Layers.Bench.Runner;

namespace Layers.Tooling.Tests.Bench;

public sealed class AbReportTests
{
    private static readonly AbContext Context = new(
        new DateTime(2026, 12, 8, 0, 30, 0, DateTimeKind.Utc),
        "HEAD",
        "e14ed46",
        "feature/stock-logger",
        "0a1b2c3",
        2,
        "1.00 2.00 3.00",
        TestBenchSettings.Create() with
        {
            ApiDll = "a/Layers.Api.dll",
            WarmUpSeconds = 20,
            Seconds = 15,
            ColdSeconds = 10,
        },
        AsShipped: false,
        PostgresCpuMeasured: true);

    private static string[] Lines()
    {
        var a = new BenchResult("A", 5000, 5.0, 20.0, 75_000, 0, 0.135, 0.212, 1.79, 1.79, 0, 158);
        var b = new BenchResult("B", 4500, 5.0, 22.0, 67_500, 0, 0.150, 0.212, 1.79, 1.79, 0, 170);
        BenchRound[] rounds = [new([b, a]), new([a, b]), new([b, a])];
        ColdRound[] coldRounds = [new([new ColdRun("A", 1000, 10_000, 0), new ColdRun("B", 1100, 9_000, 0)])];
        var report = AbReport.Create(AbComparison.Evaluate(rounds, coldRounds, asShipped: false, Context.Settings.ColdSeconds), rounds, coldRounds, Context);
        return report.Split('\n');
    }

    [Fact]
    public void The_file_is_named_by_both_refs_and_the_date_with_a_ref_s_slashes_made_safe()
    {
        Assert.Equal("ab-HEAD-feature-stock-logger-20261208-0030.md", AbReport.FileName(Context));
    }

    [Fact]
    public void The_report_names_both_refs_with_their_commits_and_states_the_rule()
    {
        var lines = Lines();

        Assert.Equal("# A/B: feature/stock-logger (0a1b2c3) against HEAD (e14ed46)", lines[0]);
        Assert.Contains(AbFigure.Rule, lines);
    }

    [Fact]
    public void Each_figure_is_stated_with_its_median_each_round_and_its_verdict()
    {
        var lines = Lines();

        Assert.Contains("| throughput B/A, API row | 0.900 | 0.900 0.900 0.900 | 3/3 (needs 3) | B worse beyond noise |", lines);
        Assert.Contains("| PostgreSQL CPU per PATCH B/A, API row | 1.000 | 1.000 1.000 1.000 | 0/3 (needs 3) | no difference beyond noise |", lines);
        Assert.Contains("| cold start to first 200 B/A | 1.100 | 1.100 | 1/1 (needs 1) | too few rounds to tell (3 at least) |", lines);
        Assert.Contains("| requests in the first 10 s from cold B/A | 0.900 | 0.900 | 1/1 (needs 1) | too few rounds to tell (3 at least) |", lines);
    }

    [Fact]
    public void Every_run_is_listed_in_the_order_it_ran()
    {
        var lines = Lines();

        Assert.Contains("| 1 | 1 | B | 4500 | 22.00 | 0.150 | 0.212 | 170 | 0 |", lines);
        Assert.Contains("| 1 | 2 | A | 5000 | 20.00 | 0.135 | 0.212 | 158 | 0 |", lines);
        Assert.Contains("| 2 | 1 | A | 5000 | 20.00 | 0.135 | 0.212 | 158 | 0 |", lines);
        Assert.Contains("| 1 | A | 1000 | 1100 | 10000 | 9000 | 0, 0 |", lines);
    }
}
