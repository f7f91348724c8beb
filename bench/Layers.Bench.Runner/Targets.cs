using System.Globalization;

namespace Layers.Bench.Runner;

internal enum TargetState
{
    Met,
    Missed,

    /// <summary>A figure it needs is not measured (PostgreSQL's CPU of a database that is not the local cluster).</summary>
    NotMeasured,
}

/// <summary>
/// A figure, usually a ratio of the API to the bare endpoint, measured in each round, against its
/// target from issue 27. On a noisy machine one round can land on either side by chance: a target
/// is met only when the median over the rounds meets it and at least two thirds of the rounds do.
/// </summary>
internal sealed record TargetCheck(string Measure, IReadOnlyList<double> Rounds, bool AtLeast, double Threshold)
{
    public double Value => Statistics.Median(Rounds);

    /// <summary>The lowest and the highest round.</summary>
    public (double Low, double High) Spread => Rounds.Count == 0 ? (double.NaN, double.NaN) : (Rounds.Min(), Rounds.Max());

    public int RoundsMet => Rounds.Count(Meets);

    public TargetState State => Rounds.Count == 0 || !Rounds.All(double.IsFinite) ? TargetState.NotMeasured
        : Meets(Value) && RoundsMet * 3 >= Rounds.Count * 2 ? TargetState.Met
        : TargetState.Missed;

    public string Target => string.Create(CultureInfo.InvariantCulture, $"{(AtLeast ? ">=" : "<=")} {Threshold:0.00}");

    public string StateText => State switch
    {
        TargetState.Met => "MET",
        TargetState.Missed => "MISSED",
        _ => "n/a",
    };

    private bool Meets(double value) => AtLeast ? value >= Threshold : value <= Threshold;
}

internal static class Targets
{
    /// <summary>
    /// Every target, in the order of the issue, from the rounds: each ratio is taken within a round,
    /// between runs that ran side by side. The in-process path's are BenchmarkDotNet's mean over
    /// its own iterations, one figure each; not measured without <paramref name="micro"/>.
    /// </summary>
    public static IReadOnlyList<TargetCheck> Evaluate(IReadOnlyList<BenchRound> rounds, IReadOnlyList<ColdRound> coldRounds, MicroResult? micro)
    {
        IReadOnlyList<double> Steady(Func<BenchResult, BenchResult, BenchResult, double> ratio) =>
            [.. rounds.Select(round => ratio(round.Of(TargetNames.Api), round.Of(TargetNames.Bare), round.Of(TargetNames.AsShipped)))];
        IReadOnlyList<double> Cold(Func<ColdRun, ColdRun, double> ratio) =>
            [.. coldRounds.Select(round => ratio(round.Of(TargetNames.Api), round.Of(TargetNames.Bare)))];
        return
        [
            new("steady-state throughput API/bare", Steady((api, bare, _) => api.RequestsPerSecond / bare.RequestsPerSecond), AtLeast: true, 0.95),
            new("p99 latency API/bare", Steady((api, bare, _) => api.P99Ms / bare.P99Ms), AtLeast: false, 1.15),
            new("server CPU per PATCH API/bare", Steady((api, bare, _) => api.ServerCpuSecondsPer1k / bare.ServerCpuSecondsPer1k), AtLeast: false, 1.25),
            new("PostgreSQL CPU per PATCH API/bare", Steady((api, bare, _) => api.PostgresCpuSecondsPer1k / bare.PostgresCpuSecondsPer1k), AtLeast: false, 1.05),
            new("cold start to first 200 API/bare", Cold((api, bare) => api.MsToFirstOk / bare.MsToFirstOk), AtLeast: false, 1.35),
            new("requests in the first seconds from cold API/bare", Cold((api, bare) => (double)api.Requests / bare.Requests), AtLeast: true, 0.85),
            new("peak resident memory under load API/bare", Steady((api, bare, _) => api.PeakRssMiB / bare.PeakRssMiB), AtLeast: false, 1.50),
            new("throughput API as shipped/API", Steady((api, _, asShipped) => asShipped.RequestsPerSecond / api.RequestsPerSecond), AtLeast: true, 0.90),
            new("API DB statements per PATCH, authentication included", Steady((api, _, _) => api.StatementsPerPatch), AtLeast: false, 2),
            new("in-process PATCH path without the database, us", micro is null ? [] : [micro.MeanNanoseconds / 1000], AtLeast: false, 10),
            new("in-process PATCH path allocated, KiB", micro is null ? [] : [micro.AllocatedBytes / 1024], AtLeast: false, 4),
        ];
    }
}
