using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Layers.Bench.Runner;

/// <summary>Where and how a run was measured, as the report states it.</summary>
internal sealed record RunContext(
    DateTime DateUtc,
    string Commit,
    int Cores,
    string LoadAverage,
    BenchSettings Settings,
    bool PostgresCpuMeasured);

/// <summary>The table and ratios as Markdown (bench/results/latest.md) and the same figures as JSON (latest.json).</summary>
internal sealed record BenchReport(string Markdown, string Json)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static BenchReport Create(IReadOnlyList<BenchResult> results, IReadOnlyList<BenchRound> rounds, RunContext context)
    {
        var api = results.Single(result => result.Name == "API");
        var bare = results.Single(result => result.Name == "bare");
        var pg = results.Single(result => result.Name == "pgbench");
        var settings = context.Settings;
        var ratios = new (string Name, double Value, string Target, bool? Met)[]
        {
            ("API/bare throughput", api.RequestsPerSecond / bare.RequestsPerSecond, ">= 0.90", api.RequestsPerSecond / bare.RequestsPerSecond >= 0.90),
            ("API/bare p99", api.P99Ms / bare.P99Ms, "<= 1.20", api.P99Ms / bare.P99Ms <= 1.20),
            ("API/pgbench throughput", api.RequestsPerSecond / pg.RequestsPerSecond, "", null),
            ("API/pgbench p99", api.P99Ms / pg.P99Ms, "", null),
        };

        var md = new StringBuilder();
        md.AppendLine("# PATCH benchmark (./build.sh bench)");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{context.DateUtc:yyyy-MM-dd HH:mm} UTC, commit {context.Commit}, {context.Cores} cores, load average before the report {context.LoadAverage}. "
            + $"{settings.Influencers} influencers; {settings.Connections} connections (wrk -t2, pgbench -j2) for {settings.Seconds} s after a {settings.WarmUpSeconds} s warm-up; one random field of one random influencer per PATCH. "
            + $"API and bare: {rounds.Count} round{(rounds.Count == 1 ? "" : "s")}, each server started afresh every time, alternating which goes first; each row is the target's median round.");
        md.AppendLine();
        md.AppendLine("| target | requests/s | p50 ms | p99 ms | requests | errors | server CPU s / 1k | PostgreSQL CPU s / 1k | DB statements / PATCH | DB transactions / PATCH | peak RSS MiB |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {F(r.RequestsPerSecond, "0")} | {F(r.P50Ms, "0.00")} | {F(r.P99Ms, "0.00")} | {r.Requests} | {r.Errors} | "
                + $"{F(r.ServerCpuSecondsPer1k, "0.000")} | {F(r.PostgresCpuSecondsPer1k, "0.000")} | {F(r.StatementsPerPatch, "0.00")} | {F(r.TransactionsPerPatch, "0.00")} | {F(r.PeakRssMiB, "0")} |");
        }

        md.AppendLine();
        foreach (var (name, value, target, met) in ratios)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {name}: {F(value, "0.00")}{(met is bool ok ? $" (target {target}: {(ok ? "met" : "MISSED")})" : "")}");
        }

        md.AppendLine();
        md.AppendLine("| round | first | API requests/s | bare requests/s | API/bare throughput | API p99 ms | bare p99 ms | API/bare p99 |");
        md.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (var i = 0; i < rounds.Count; i++)
        {
            var (first, a, b) = rounds[i];
            md.AppendLine(CultureInfo.InvariantCulture, $"| {i + 1} | {first} | {F(a.RequestsPerSecond, "0")} | {F(b.RequestsPerSecond, "0")} | {F(a.RequestsPerSecond / b.RequestsPerSecond, "0.00")} | "
                + $"{F(a.P99Ms, "0.00")} | {F(b.P99Ms, "0.00")} | {F(a.P99Ms / b.P99Ms, "0.00")} |");
        }

        md.AppendLine();
        md.AppendLine("Server CPU is the API's or the bare endpoint's process (utime + stime); pgbench has none, its work is all PostgreSQL's. "
            + (context.PostgresCpuMeasured ? "PostgreSQL CPU is the local cluster's postmaster and backends." : "PostgreSQL CPU is n/a: the database is not the local cluster.")
            + " Peak RSS is VmHWM; n/a for pgbench. DB statements / PATCH: scans of influencers and api_keys (pg_stat_user_tables) over warm-up and run,"
            + " per request; a PATCH whose value is already stored issues only the SELECT, so the HTTP rows sit a little under 2. DB transactions / PATCH"
            + " (pg_stat_database.xact_commit) would also count a DISCARD ALL per reuse of a pooled connection; both servers pool with No Reset On Close, so it equals the statements."
            + " Both servers run published ReadyToRun with the same runtime settings (eng/ServerRuntime.props)."
            + " Before every run, VACUUM ANALYZE influencers, so that each starts from the same table."
            + " pgbench latencies are per transaction (SELECT then UPDATE) from its per-transaction log; wrk's per request.");

        var json = JsonSerializer.Serialize(
            new
            {
                date = context.DateUtc,
                commit = context.Commit,
                cores = context.Cores,
                loadAverage = context.LoadAverage,
                influencers = settings.Influencers,
                connections = settings.Connections,
                seconds = settings.Seconds,
                warmUpSeconds = settings.WarmUpSeconds,
                rounds = rounds.Select((round, i) => new
                {
                    round = i + 1,
                    first = round.First,
                    apiRequestsPerSecond = J(round.Api.RequestsPerSecond),
                    bareRequestsPerSecond = J(round.Bare.RequestsPerSecond),
                    apiP99Ms = J(round.Api.P99Ms),
                    bareP99Ms = J(round.Bare.P99Ms),
                }),
                results = results.Select(r => new
                {
                    target = r.Name,
                    requestsPerSecond = J(r.RequestsPerSecond),
                    p50Ms = J(r.P50Ms),
                    p99Ms = J(r.P99Ms),
                    requests = r.Requests,
                    errors = r.Errors,
                    serverCpuSecondsPer1k = J(r.ServerCpuSecondsPer1k),
                    postgresCpuSecondsPer1k = J(r.PostgresCpuSecondsPer1k),
                    dbStatementsPerPatch = J(r.StatementsPerPatch),
                    dbTransactionsPerPatch = J(r.TransactionsPerPatch),
                    peakRssMiB = J(r.PeakRssMiB),
                }),
                ratios = ratios.Select(r => new { name = r.Name, value = J(r.Value), target = r.Target.Length == 0 ? null : r.Target, met = r.Met }),
            },
            Indented);
        return new BenchReport(md.ToString(), json);
    }

    private static string F(double value, string format) => double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);

    private static double? J(double value) => double.IsNaN(value) ? null : Math.Round(value, 4);
}
