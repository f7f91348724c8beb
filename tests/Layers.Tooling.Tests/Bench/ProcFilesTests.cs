using Layers.Bench.Runner;

namespace Layers.Tooling.Tests.Bench;

public sealed class ProcFilesTests
{
    [Fact]
    public void Stat_reads_parent_and_cpu_ticks_after_the_command_name()
    {
        const string Stat = "4242 (dotnet) S 4100 4242 4100 0 -1 4194560 61218 0 12 0 1534 287 40 9 20 0 24 0 1203391 3318108160 40210 18446744073709551615";

        Assert.Equal(new ProcStat(4100, 1534, 287, 40, 9), ProcStat.Parse(Stat));
    }

    [Fact]
    public void A_command_name_with_spaces_and_parentheses_does_not_shift_the_fields()
    {
        const string Stat = "77 (postgres: layers (idle)) S 12 77 12 0 -1 4194368 300 0 0 0 250 50 0 0 20 0 1 0 5000 1000000 500 18446744073709551615";

        var stat = ProcStat.Parse(Stat);

        Assert.Equal(new ProcStat(12, 250, 50, 0, 0), stat);
        Assert.Equal(3.0, stat.OwnSeconds, 9);
    }

    [Fact]
    public void A_truncated_stat_is_refused()
    {
        Assert.Throws<FormatException>(() => ProcStat.Parse("4242 (dotnet) S 4100"));
    }

    [Fact]
    public void Peak_rss_is_vmhwm_in_mebibytes()
    {
        string[] status = ["Name:\tdotnet", "VmPeak:\t 3318108 kB", "VmHWM:\t  161792 kB", "VmRSS:\t  160844 kB"];

        Assert.Equal(158.0, ProcStatus.PeakRssMiB(status), 9);
    }

    [Fact]
    public void A_status_without_vmhwm_is_refused()
    {
        Assert.Throws<FormatException>(() => ProcStatus.PeakRssMiB(["Name:\tdotnet", "VmRSS:\t  160844 kB"]));
    }
}
