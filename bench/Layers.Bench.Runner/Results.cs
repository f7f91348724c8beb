namespace Layers.Bench.Runner;

/// <summary>One target's steady-state figures; NaN where a figure does not apply (pgbench has no server process).</summary>
internal sealed record BenchResult(
    string Name,
    double RequestsPerSecond,
    double P50Ms,
    double P99Ms,
    long Requests,
    long Errors,
    double ServerCpuSecondsPer1k,
    double PostgresCpuSecondsPer1k,
    double StatementsPerPatch,
    double TransactionsPerPatch,
    double LogBytesPerPatch,
    double PeakRssMiB);

/// <summary>One round of the HTTP targets, in the order they ran.</summary>
internal sealed record BenchRound(IReadOnlyList<BenchResult> Runs)
{
    public BenchResult Of(string name) => Runs.Single(run => run.Name == name);
}

/// <summary>
/// One server started cold: milliseconds from Process.Start to its first 200 to a PATCH, then the
/// requests it served in the first seconds of full load (errors are non-2xx/3xx answers and socket errors).
/// </summary>
internal sealed record ColdRun(string Name, double MsToFirstOk, long Requests, long Errors);

/// <summary>One round of cold starts, in the order they ran.</summary>
internal sealed record ColdRound(IReadOnlyList<ColdRun> Runs)
{
    public ColdRun Of(string name) => Runs.Single(run => run.Name == name);
}

/// <summary>What wrk reports for one run; errors are non-2xx/3xx responses plus socket errors.</summary>
internal sealed record WrkRun(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors);

/// <summary>What pgbench reports for one run.</summary>
internal sealed record PgbenchRun(double TransactionsPerSecond, long FailedTransactions);

/// <summary>The rows of the report.</summary>
internal static class TargetNames
{
    public const string Api = "API";
    public const string AsShipped = "API as shipped";
    public const string Bare = "bare";
    public const string Pgbench = "pgbench";
}
