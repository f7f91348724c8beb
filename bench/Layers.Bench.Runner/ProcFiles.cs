using System.Globalization;

namespace Layers.Bench.Runner;

/// <summary>The CPU fields of <c>/proc/&lt;pid&gt;/stat</c>, in clock ticks.</summary>
internal sealed record ProcStat(int ParentPid, long UserTicks, long SystemTicks, long ChildUserTicks, long ChildSystemTicks)
{
    /// <summary>USER_HZ, the unit of /proc/&lt;pid&gt;/stat times on Linux.</summary>
    public const double TicksPerSecond = 100;

    public double OwnSeconds => (UserTicks + SystemTicks) / TicksPerSecond;

    /// <summary>
    /// Fields after the command name, which is in parentheses and may itself hold spaces and
    /// parentheses: state is field 0, ppid 1, utime 11, stime 12, cutime 13, cstime 14.
    /// </summary>
    public static ProcStat Parse(string stat)
    {
        var nameEnd = stat.LastIndexOf(')');
        var fields = nameEnd < 0 ? [] : stat[(nameEnd + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 15)
        {
            throw new FormatException($"Not a /proc/<pid>/stat line: {stat}");
        }

        long Field(int index) => long.Parse(fields[index], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return new ProcStat((int)Field(1), Field(11), Field(12), Field(13), Field(14));
    }
}

/// <summary>The fields of <c>/proc/&lt;pid&gt;/status</c> the benchmark reports.</summary>
internal static class ProcStatus
{
    /// <summary>VmHWM, the peak resident set size, in MiB.</summary>
    public static double PeakRssMiB(IEnumerable<string> statusLines)
    {
        var line = statusLines.SingleOrDefault(line => line.StartsWith("VmHWM:", StringComparison.Ordinal))
            ?? throw new FormatException("/proc/<pid>/status has no VmHWM line.");
        var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields is not [_, var kibibytes, "kB"])
        {
            throw new FormatException($"Unexpected VmHWM line: {line}");
        }

        return long.Parse(kibibytes, CultureInfo.InvariantCulture) / 1024.0;
    }
}
