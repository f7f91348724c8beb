using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Layers.Bench.Runner;

/// <summary>Where and between what an A/B comparison was measured, as its report states it.</summary>
internal sealed record AbContext(
    DateTime DateUtc,
    string RefA,
    string CommitA,
    string RefB,
    string CommitB,
    int Cores,
    string LoadAverage,
    BenchSettings Settings,
    bool AsShipped,
    bool PostgresCpuMeasured);

/// <summary>An A/B comparison as Markdown (bench/results/ab-&lt;ref A&gt;-&lt;ref B&gt;-&lt;date&gt;.md): the verdicts, then every run.</summary>
internal static partial class AbReport
{
    /// <summary>The report's file name; a ref's characters other than letters, digits, '.', '_' and '-' become '-'.</summary>
    public static string FileName(AbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return string.Create(CultureInfo.InvariantCulture, $"ab-{Safe(context.RefA)}-{Safe(context.RefB)}-{context.DateUtc:yyyyMMdd-HHmm}.md");
    }

    public static string Create(IReadOnlyList<AbFigure> figures, IReadOnlyList<BenchRound> rounds, IReadOnlyList<ColdRound> coldRounds, AbContext context)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(rounds);
        ArgumentNullException.ThrowIfNull(coldRounds);
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# A/B: {context.RefB} ({context.CommitB}) against {context.RefA} ({context.CommitA})");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{context.DateUtc:yyyy-MM-dd HH:mm} UTC, {context.Cores} cores, load average before the report {context.LoadAverage}. "
            + $"A is {context.RefA}, B is {context.RefB}, each published as the API row is (./build.sh bench). "
            + $"{settings.Influencers} influencers; {settings.Connections} connections (wrk -t2); one random field of one random influencer per PATCH.");
        md.AppendLine();
        md.AppendLine("## Verdicts");
        md.AppendLine();
        md.AppendLine(AbFigure.Rule);
        md.AppendLine();
        md.AppendLine("| measure | median B/A | each round | rounds agreeing | verdict |");
        md.AppendLine("| --- | ---: | ---: | ---: | --- |");
        foreach (var figure in figures)
        {
            var each = figure.Rounds.Count == 0 ? "n/a" : string.Join(" ", figure.Rounds.Select(round => F(round, "0.000")));
            md.AppendLine(CultureInfo.InvariantCulture, $"| {figure.Measure} | {F(figure.Median, "0.000")} | {each} | {figure.RoundsAgreeing}/{figure.Rounds.Count} (needs {figure.RoundsNeeded}) | {figure.VerdictText} |");
        }

        md.AppendLine();
        md.AppendLine("## Steady state");
        md.AppendLine();
        md.Append(CultureInfo.InvariantCulture, $"{rounds.Count} paired round{(rounds.Count == 1 ? "" : "s")} of {settings.WarmUpSeconds} s warm-up then {settings.Seconds} s measured per run, ");
        md.Append("each run a freshly started process on a freshly vacuumed table, A and B taking turns to go first. ");
        md.AppendLine(context.AsShipped
            ? "Two configurations per round: the API row's (rate limits off, logging at Warning), then the as-shipped row's (appsettings.json's logging, rate limits on far above the load)."
            : "The API row's configuration: rate limits off, logging at Warning.");
        md.AppendLine();
        md.AppendLine("| round | order | run | requests/s | p99 ms | server CPU s / 1k | PostgreSQL CPU s / 1k | peak RSS MiB | errors |");
        md.AppendLine("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (var i = 0; i < rounds.Count; i++)
        {
            for (var place = 0; place < rounds[i].Runs.Count; place++)
            {
                var r = rounds[i].Runs[place];
                md.AppendLine(CultureInfo.InvariantCulture, $"| {i + 1} | {place + 1} | {r.Name} | {F(r.RequestsPerSecond, "0")} | {F(r.P99Ms, "0.00")} | "
                    + $"{F(r.ServerCpuSecondsPer1k, "0.000")} | {F(r.PostgresCpuSecondsPer1k, "0.000")} | {F(r.PeakRssMiB, "0")} | {r.Errors} |");
            }
        }

        md.AppendLine();
        md.AppendLine("## Cold start");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{coldRounds.Count} round{(coldRounds.Count == 1 ? "" : "s")}, A and B taking turns to go first, in the API row's configuration: "
            + $"a fresh process, a PATCH every 5 ms from Process.Start until one is answered 200, then wrk's full load at once for {settings.ColdSeconds} s.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"| round | first | A ms | B ms | A requests in {settings.ColdSeconds} s | B requests in {settings.ColdSeconds} s | errors A, B |");
        md.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        for (var i = 0; i < coldRounds.Count; i++)
        {
            var (a, b) = (coldRounds[i].Of(AbNames.A), coldRounds[i].Of(AbNames.B));
            md.AppendLine(CultureInfo.InvariantCulture, $"| {i + 1} | {coldRounds[i].Runs[0].Name} | {F(a.MsToFirstOk, "0")} | {F(b.MsToFirstOk, "0")} | {a.Requests} | {b.Requests} | {a.Errors}, {b.Errors} |");
        }

        md.AppendLine();
        md.AppendLine("Server CPU is the server process's (utime + stime) over the measured window. "
            + (context.PostgresCpuMeasured ? "PostgreSQL CPU is the local cluster's postmaster and backends." : "PostgreSQL CPU is n/a: the database is not the local cluster.")
            + " Peak RSS is VmHWM over warm-up and measured window.");
        return md.ToString();
    }

    private static string Safe(string reference) => UnsafeInFileName().Replace(reference, "-");

    private static string F(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeInFileName();
}
