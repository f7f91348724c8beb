namespace Layers.Bench.Runner;

/// <summary>One target's figures; NaN where a figure does not apply (pgbench has no server process).</summary>
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
    double PeakRssMiB);

/// <summary>One round of the API and the bare endpoint, and which of the two ran first.</summary>
internal sealed record BenchRound(string First, BenchResult Api, BenchResult Bare);

/// <summary>What wrk reports for one run; errors are non-2xx/3xx responses plus socket errors.</summary>
internal sealed record WrkRun(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors);

/// <summary>What pgbench reports for one run.</summary>
internal sealed record PgbenchRun(double TransactionsPerSecond, long FailedTransactions);
