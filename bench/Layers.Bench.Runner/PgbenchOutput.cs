using System.Globalization;
using System.Text.RegularExpressions;

namespace Layers.Bench.Runner;

/// <summary>Reads pgbench's summary and its per-transaction log (<c>--log</c>).</summary>
internal static partial class PgbenchOutput
{
    public static PgbenchRun Parse(string output)
    {
        var tps = Tps().Match(output);
        if (!tps.Success)
        {
            throw new FormatException($"Not a pgbench summary:\n{output}");
        }

        // Older pgbench versions print no failed-transactions line: they stop at the first failure.
        var failed = Failed().Match(output);
        return new PgbenchRun(
            double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture),
            failed.Success ? long.Parse(failed.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }

    /// <summary>
    /// A transaction's latency in milliseconds from one log line:
    /// <c>client_id transaction_no time_us script_no time_epoch time_us_fraction</c>.
    /// </summary>
    public static double LatencyMs(string logLine)
    {
        var fields = logLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 3 || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds))
        {
            throw new FormatException($"Not a pgbench transaction log line: {logLine}");
        }

        return microseconds / 1000.0;
    }

    [GeneratedRegex(@"tps = ([\d.]+) \(without initial connection time\)")]
    private static partial Regex Tps();

    [GeneratedRegex(@"number of failed transactions: (\d+)")]
    private static partial Regex Failed();
}
