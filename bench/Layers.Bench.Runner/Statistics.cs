namespace Layers.Bench.Runner;

internal static class Statistics
{
    /// <summary>The nearest-rank percentile (<paramref name="p"/> in 0..1) of ascending values; NaN when there are none.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>The middle value (the upper one of an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }

    /// <summary>
    /// One target's rounds as one row: the median of each figure on its own, the requests and
    /// errors of all rounds, the highest peak RSS.
    /// </summary>
    public static BenchResult MedianRound(IReadOnlyList<BenchResult> runs) => new(
        runs[0].Name,
        Median(runs.Select(r => r.RequestsPerSecond)),
        Median(runs.Select(r => r.P50Ms)),
        Median(runs.Select(r => r.P99Ms)),
        runs.Sum(r => r.Requests),
        runs.Sum(r => r.Errors),
        Median(runs.Select(r => r.ServerCpuSecondsPer1k)),
        Median(runs.Select(r => r.PostgresCpuSecondsPer1k)),
        Median(runs.Select(r => r.StatementsPerPatch)),
        Median(runs.Select(r => r.TransactionsPerPatch)),
        Median(runs.Select(r => r.LogBytesPerPatch)),
        runs.Max(r => r.PeakRssMiB));

    /// <summary>One server's cold starts as one row: the median of each figure, the errors of all rounds.</summary>
    public static ColdRun MedianCold(IReadOnlyList<ColdRun> runs) => new(
        runs[0].Name,
        Median(runs.Select(r => r.MsToFirstOk)),
        (long)Median(runs.Select(r => (double)r.Requests)),
        runs.Sum(r => r.Errors));
}
