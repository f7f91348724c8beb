using System.Globalization;

namespace Layers.Bench.Runner;

/// <summary>CPU time and memory of processes, read from /proc (Linux).</summary>
internal sealed class CpuMeter(int? postmasterPid)
{
    public bool MeasuresPostgres => postmasterPid is not null;

    /// <summary>The local cluster's postmaster, from its postmaster.pid; null when there is no such file.</summary>
    public static int? ReadPostmasterPid(string? pidFile) =>
        pidFile is not null && File.Exists(pidFile)
            ? int.Parse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture)
            : null;

    public static double ProcessSeconds(int pid) => Stat(pid).OwnSeconds;

    public static double PeakRssMiB(int pid) => ProcStatus.PeakRssMiB(File.ReadLines($"/proc/{pid}/status"));

    /// <summary>The cluster's CPU: the postmaster and its live children, plus what its exited children used; NaN without a cluster.</summary>
    public double PostgresSeconds()
    {
        if (postmasterPid is not int postmaster)
        {
            return double.NaN;
        }

        var stat = Stat(postmaster);
        var ticks = stat.ChildUserTicks + stat.ChildSystemTicks;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var process = Stat(pid);
                if (pid == postmaster || process.ParentPid == postmaster)
                {
                    ticks += process.UserTicks + process.SystemTicks;
                }
            }
            catch (IOException)
            {
                // Exited while we looked: its time is in the postmaster's child times by now or soon.
            }
        }

        return ticks / ProcStat.TicksPerSecond;
    }

    private static ProcStat Stat(int pid) => ProcStat.Parse(File.ReadAllText($"/proc/{pid}/stat"));
}
