using System.Globalization;

namespace Layers.Bench.Runner;

internal enum AbVerdict
{
    NoDifference,
    BBetter,
    BWorse,

    /// <summary>A figure it needs is not measured (PostgreSQL's CPU of a database that is not the local cluster).</summary>
    NotMeasured,

    /// <summary>Fewer than <see cref="AbFigure.MinimumRounds"/> rounds: one or two pairs cannot tell a difference from the noise.</summary>
    TooFewRounds,
}

/// <summary>The runs of an A/B comparison, each named by its ref and its configuration.</summary>
internal static class AbNames
{
    public const string A = "A";
    public const string B = "B";
    public const string AAsShipped = "A as shipped";
    public const string BAsShipped = "B as shipped";
}

/// <summary>
/// One figure of B against A, as the ratio B/A taken within each round, between the two runs that
/// ran side by side. On a noisy machine one round can land on either side by chance, and a few
/// percent is within the spread of A against itself: B differs beyond the noise only when the
/// median ratio is more than <see cref="Margin"/> away from 1 and at least four fifths of the
/// rounds (rounded up: 4 of 5, 3 of 3) lie on the same side of 1 as the median, over
/// <see cref="MinimumRounds"/> rounds at least.
/// </summary>
internal sealed record AbFigure(string Measure, IReadOnlyList<double> Rounds, bool HigherIsBetter)
{
    public const double Margin = 0.03;

    public const int MinimumRounds = 3;

    public double Median => Statistics.Median(Rounds);

    /// <summary>Rounds on the same side of 1 as the median; a round at exactly 1 is on neither.</summary>
    public int RoundsAgreeing => Rounds.Count(round => round != 1 && (round > 1) == (Median > 1));

    public int RoundsNeeded => (Rounds.Count * 4 + 4) / 5;

    public AbVerdict Verdict => Rounds.Count == 0 || !Rounds.All(double.IsFinite) ? AbVerdict.NotMeasured
        : Rounds.Count < MinimumRounds ? AbVerdict.TooFewRounds
        : Math.Abs(Median - 1) > Margin && RoundsAgreeing >= RoundsNeeded ? ((Median > 1) == HigherIsBetter ? AbVerdict.BBetter : AbVerdict.BWorse)
        : AbVerdict.NoDifference;

    public string VerdictText => Verdict switch
    {
        AbVerdict.BBetter => "B better beyond noise",
        AbVerdict.BWorse => "B worse beyond noise",
        AbVerdict.NoDifference => "no difference beyond noise",
        AbVerdict.TooFewRounds => $"too few rounds to tell ({MinimumRounds} at least)",
        _ => "n/a",
    };

    public static string Rule { get; } = string.Create(
        CultureInfo.InvariantCulture,
        $"B differs beyond noise when the median over the rounds of B/A is more than {Margin:P0} away from 1 and at least four fifths of the rounds (rounded up: 4 of 5, 3 of 3) lie on the same side of 1 as the median; otherwise: no difference beyond noise. Fewer than {MinimumRounds} rounds tell nothing.");
}

internal static class AbComparison
{
    /// <summary>
    /// The order of one round: the configurations one after the other, and within each, A and B
    /// taking turns to go first from round to round, each on a fresh process (RoundOrder).
    /// </summary>
    public static IReadOnlyList<T> Schedule<T>(IReadOnlyList<IReadOnlyList<T>> configurations, int round)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        return [.. configurations.SelectMany(pair => RoundOrder.Rotate(pair, round))];
    }

    /// <summary>Every figure of B against A, from the rounds; those of the as-shipped configuration when it ran.</summary>
    public static IReadOnlyList<AbFigure> Evaluate(IReadOnlyList<BenchRound> rounds, IReadOnlyList<ColdRound> coldRounds, bool asShipped, int coldSeconds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        ArgumentNullException.ThrowIfNull(coldRounds);
        List<(string Label, string A, string B)> configurations = [("API row", AbNames.A, AbNames.B)];
        if (asShipped)
        {
            configurations.Add(("as shipped", AbNames.AAsShipped, AbNames.BAsShipped));
        }

        var figures = new List<AbFigure>();
        foreach (var (label, a, b) in configurations)
        {
            IReadOnlyList<double> Steady(Func<BenchResult, double> figure) =>
                [.. rounds.Select(round => figure(round.Of(b)) / figure(round.Of(a)))];
            figures.Add(new($"throughput B/A, {label}", Steady(r => r.RequestsPerSecond), HigherIsBetter: true));
            figures.Add(new($"p99 latency B/A, {label}", Steady(r => r.P99Ms), HigherIsBetter: false));
            figures.Add(new($"server CPU per PATCH B/A, {label}", Steady(r => r.ServerCpuSecondsPer1k), HigherIsBetter: false));
            figures.Add(new($"PostgreSQL CPU per PATCH B/A, {label}", Steady(r => r.PostgresCpuSecondsPer1k), HigherIsBetter: false));
            figures.Add(new($"peak resident memory B/A, {label}", Steady(r => r.PeakRssMiB), HigherIsBetter: false));
        }

        IReadOnlyList<double> Cold(Func<ColdRun, double> figure) =>
            [.. coldRounds.Select(round => figure(round.Of(AbNames.B)) / figure(round.Of(AbNames.A)))];
        figures.Add(new("cold start to first 200 B/A", Cold(r => r.MsToFirstOk), HigherIsBetter: false));
        figures.Add(new(string.Create(CultureInfo.InvariantCulture, $"requests in the first {coldSeconds} s from cold B/A"), Cold(r => r.Requests), HigherIsBetter: true));
        return figures;
    }
}
