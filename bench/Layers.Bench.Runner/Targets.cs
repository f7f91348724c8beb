using System.Globalization;

namespace Layers.Bench.Runner;

internal enum TargetState
{
    Met,
    Missed,

    /// <summary>A figure it needs is not measured (PostgreSQL's CPU of a database that is not the local cluster).</summary>
    NotMeasured,
}

/// <summary>A measured figure, usually a ratio, against its target from issue 13.</summary>
internal sealed record TargetCheck(string Measure, double Value, bool AtLeast, double Threshold)
{
    public TargetState State => !double.IsFinite(Value) ? TargetState.NotMeasured
        : (AtLeast ? Value >= Threshold : Value <= Threshold) ? TargetState.Met
        : TargetState.Missed;

    public string Target => string.Create(CultureInfo.InvariantCulture, $"{(AtLeast ? ">=" : "<=")} {Threshold:0.00}");

    public string StateText => State switch
    {
        TargetState.Met => "MET",
        TargetState.Missed => "MISSED",
        _ => "n/a",
    };
}

internal static class Targets
{
    /// <summary>Every target, in the order of the issue, from the median rows.</summary>
    public static IReadOnlyList<TargetCheck> Evaluate(IReadOnlyList<BenchResult> steady, IReadOnlyList<ColdRun> cold)
    {
        var api = steady.Single(r => r.Name == TargetNames.Api);
        var asShipped = steady.Single(r => r.Name == TargetNames.AsShipped);
        var bare = steady.Single(r => r.Name == TargetNames.Bare);
        var apiCold = cold.Single(r => r.Name == TargetNames.Api);
        var bareCold = cold.Single(r => r.Name == TargetNames.Bare);
        return
        [
            new("steady-state throughput API/bare", api.RequestsPerSecond / bare.RequestsPerSecond, AtLeast: true, 0.90),
            new("p99 latency API/bare", api.P99Ms / bare.P99Ms, AtLeast: false, 1.2),
            new("server CPU per PATCH API/bare", api.ServerCpuSecondsPer1k / bare.ServerCpuSecondsPer1k, AtLeast: false, 1.3),
            new("PostgreSQL CPU per PATCH API/bare", api.PostgresCpuSecondsPer1k / bare.PostgresCpuSecondsPer1k, AtLeast: false, 1.1),
            new("cold start to first 200 API/bare", apiCold.MsToFirstOk / bareCold.MsToFirstOk, AtLeast: false, 1.5),
            new("requests in the first seconds from cold API/bare", (double)apiCold.Requests / bareCold.Requests, AtLeast: true, 0.8),
            new("throughput API as shipped/API", asShipped.RequestsPerSecond / api.RequestsPerSecond, AtLeast: true, 0.85),
            new("API DB statements per PATCH, authentication included", api.StatementsPerPatch, AtLeast: false, 2),
        ];
    }
}
