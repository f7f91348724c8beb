namespace Layers.Bench.Runner;

internal static class Statistics
{
    /// <summary>The nearest-rank percentile (<paramref name="p"/> in 0..1) of ascending values; NaN when there are none.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>
    /// One target's rounds as one row: the median of each figure (the upper one for an even number
    /// of rounds), the requests and errors of all rounds, the highest peak RSS.
    /// </summary>
    public static BenchResult MedianRound(IReadOnlyList<BenchResult> runs)
    {
        double Median(Func<BenchResult, double> figure) => runs.Select(figure).Order().ElementAt(runs.Count / 2);
        return new BenchResult(
            runs[0].Name,
            Median(r => r.RequestsPerSecond),
            Median(r => r.P50Ms),
            Median(r => r.P99Ms),
            runs.Sum(r => r.Requests),
            runs.Sum(r => r.Errors),
            Median(r => r.ServerCpuSecondsPer1k),
            Median(r => r.PostgresCpuSecondsPer1k),
            Median(r => r.StatementsPerPatch),
            Median(r => r.TransactionsPerPatch),
            runs.Max(r => r.PeakRssMiB));
    }
}
