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

/// <summary>
/// The targets, the tables and every round as Markdown (bench/results/latest.md), and the same
/// figures as JSON (latest.json).
/// </summary>
internal sealed record BenchReport(string Markdown, string Json)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static BenchReport Create(
        IReadOnlyList<BenchResult> results,
        IReadOnlyList<BenchRound> rounds,
        IReadOnlyList<ColdRun> cold,
        IReadOnlyList<ColdRound> coldRounds,
        IReadOnlyList<TargetCheck> targets,
        RunContext context)
    {
        var api = results.Single(result => result.Name == TargetNames.Api);
        var bare = results.Single(result => result.Name == TargetNames.Bare);
        var pg = results.Single(result => result.Name == TargetNames.Pgbench);
        var settings = context.Settings;
        var ratios = new (string Name, double Value)[]
        {
            ("API/pgbench throughput", api.RequestsPerSecond / pg.RequestsPerSecond),
            ("bare/pgbench throughput", bare.RequestsPerSecond / pg.RequestsPerSecond),
            ("API/pgbench p99", api.P99Ms / pg.P99Ms),
        };

        var md = new StringBuilder();
        md.AppendLine("# PATCH benchmark (./build.sh bench)");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{context.DateUtc:yyyy-MM-dd HH:mm} UTC, commit {context.Commit}, {context.Cores} cores, load average before the report {context.LoadAverage}. "
            + $"{settings.Influencers} influencers; {settings.Connections} connections (wrk -t2, pgbench -j2); one random field of one random influencer per PATCH.");
        md.AppendLine();
        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine("A target is met when the median over the rounds meets it and at least two thirds of the rounds do; each ratio is taken within a round. "
            + "The in-process path's figures are BenchmarkDotNet's mean over its own iterations (PatchPathBenchmarks.WholePathAsync, default job), one figure each.");
        md.AppendLine();
        md.AppendLine("| measure | median | each round | spread | rounds met | target | state |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var target in targets)
        {
            var each = target.Rounds.Count == 0 ? "n/a" : string.Join(" ", target.Rounds.Select(round => F(round, "0.000")));
            var spread = target.Rounds.Count == 0 ? "n/a" : $"{F(target.Spread.Low, "0.000")}-{F(target.Spread.High, "0.000")}";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {target.Measure} | {F(target.Value, "0.000")} | {each} | {spread} | {target.RoundsMet}/{target.Rounds.Count} | {target.Target} | {target.StateText} |");
        }

        md.AppendLine();
        md.AppendLine("What the floor is given, and what still differs (docs/performance.md, \"The floor\"):");
        md.AppendLine();
        foreach (var line in FloorDifferences)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {line}");
        }

        md.AppendLine();
        var otherRatios = string.Join("; ", ratios.Select(ratio => $"{ratio.Name} {F(ratio.Value, "0.00")}"));
        md.AppendLine(CultureInfo.InvariantCulture, $"Without targets: {otherRatios}.");
        md.AppendLine();
        md.AppendLine("## Steady state");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{rounds.Count} round{(rounds.Count == 1 ? "" : "s")} of {settings.WarmUpSeconds} s warm-up then {settings.Seconds} s measured per HTTP target, "
            + $"each server started afresh every time, the targets' order rotating from round to round; each row is the median of each figure over the rounds. "
            + $"pgbench once after the rounds, with the same warm-up and window.");
        md.AppendLine();
        md.AppendLine("| target | requests/s | p50 ms | p99 ms | requests | errors | server CPU s / 1k | PostgreSQL CPU s / 1k | DB statements / PATCH | DB transactions / PATCH | log bytes / PATCH | peak RSS MiB |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {F(r.RequestsPerSecond, "0")} | {F(r.P50Ms, "0.00")} | {F(r.P99Ms, "0.00")} | {r.Requests} | {r.Errors} | "
                + $"{F(r.ServerCpuSecondsPer1k, "0.000")} | {F(r.PostgresCpuSecondsPer1k, "0.000")} | {F(r.StatementsPerPatch, "0.00")} | {F(r.TransactionsPerPatch, "0.00")} | "
                + $"{F(r.LogBytesPerPatch, "0")} | {F(r.PeakRssMiB, "0")} |");
        }

        md.AppendLine();
        md.AppendLine("| round | order | target | requests/s | p99 ms | server CPU s / 1k | PostgreSQL CPU s / 1k |");
        md.AppendLine("| ---: | ---: | --- | ---: | ---: | ---: | ---: |");
        for (var i = 0; i < rounds.Count; i++)
        {
            for (var place = 0; place < rounds[i].Runs.Count; place++)
            {
                var r = rounds[i].Runs[place];
                md.AppendLine(CultureInfo.InvariantCulture, $"| {i + 1} | {place + 1} | {r.Name} | {F(r.RequestsPerSecond, "0")} | {F(r.P99Ms, "0.00")} | "
                    + $"{F(r.ServerCpuSecondsPer1k, "0.000")} | {F(r.PostgresCpuSecondsPer1k, "0.000")} |");
            }
        }

        md.AppendLine();
        md.AppendLine("| round | API/bare throughput | API/bare p99 | API/bare server CPU | API/bare PostgreSQL CPU | API/bare peak RSS | as shipped/API throughput |");
        md.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (var i = 0; i < rounds.Count; i++)
        {
            var (a, s, b) = (rounds[i].Of(TargetNames.Api), rounds[i].Of(TargetNames.AsShipped), rounds[i].Of(TargetNames.Bare));
            md.AppendLine(CultureInfo.InvariantCulture, $"| {i + 1} | {F(a.RequestsPerSecond / b.RequestsPerSecond, "0.00")} | {F(a.P99Ms / b.P99Ms, "0.00")} | "
                + $"{F(a.ServerCpuSecondsPer1k / b.ServerCpuSecondsPer1k, "0.00")} | {F(a.PostgresCpuSecondsPer1k / b.PostgresCpuSecondsPer1k, "0.00")} | "
                + $"{F(a.PeakRssMiB / b.PeakRssMiB, "0.00")} | {F(s.RequestsPerSecond / a.RequestsPerSecond, "0.00")} |");
        }

        md.AppendLine();
        md.AppendLine("## Cold start");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{coldRounds.Count} round{(coldRounds.Count == 1 ? "" : "s")}, alternating which server starts first: a fresh process, a PATCH every 5 ms from Process.Start "
            + $"until one is answered 200 (a refused connection counts as not yet), then wrk's full load at once for {settings.ColdSeconds} s. The API at Warning level, as in the API row. Each row is the median of each figure.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"| target | ms to first 200 | requests in the first {settings.ColdSeconds} s | errors |");
        md.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var r in cold)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {F(r.MsToFirstOk, "0")} | {r.Requests} | {r.Errors} |");
        }

        md.AppendLine();
        md.AppendLine("| round | first | API ms | bare ms | API/bare ms | API requests | bare requests | API/bare requests |");
        md.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (var i = 0; i < coldRounds.Count; i++)
        {
            var (a, b) = (coldRounds[i].Of(TargetNames.Api), coldRounds[i].Of(TargetNames.Bare));
            md.AppendLine(CultureInfo.InvariantCulture, $"| {i + 1} | {coldRounds[i].Runs[0].Name} | {F(a.MsToFirstOk, "0")} | {F(b.MsToFirstOk, "0")} | {F(a.MsToFirstOk / b.MsToFirstOk, "0.00")} | "
                + $"{a.Requests} | {b.Requests} | {F((double)a.Requests / b.Requests, "0.00")} |");
        }

        md.AppendLine();
        md.AppendLine("## Notes");
        md.AppendLine();
        md.AppendLine("API: rate limits off, logging at Warning. API as shipped: appsettings.json's logging (a line per request on standard output, which the runner drains "
            + "to a file as a container's log would be), rate limits on with the per-key and per-address limits far above the load. bare: bench/Layers.Bench.Bare, "
            + "the floor: a SELECT of the answer's columns, then an UPDATE of the changed columns only (none when nothing changes), its own body rules; it answered "
            + "the benchmark's PATCHes exactly as the API did before anything was measured. pgbench: the bare endpoint's SELECT and UPDATE of one column, one script per field and value.");
        md.AppendLine();
        md.AppendLine("Server CPU is the server process's (utime + stime) over the measured window; pgbench has none, its work is all PostgreSQL's. "
            + (context.PostgresCpuMeasured ? "PostgreSQL CPU is the local cluster's postmaster and backends." : "PostgreSQL CPU is n/a: the database is not the local cluster.")
            + " Peak RSS is VmHWM; n/a for pgbench. Log bytes / PATCH: what the server printed over the measured window, per request."
            + " DB statements / PATCH: scans of influencers and api_keys (pg_stat_user_tables) over warm-up and run, per request; a PATCH whose value is already stored"
            + " issues only the SELECT, so the HTTP rows sit a little under 2. DB transactions / PATCH (pg_stat_database.xact_commit) would also count a DISCARD ALL"
            + " per reuse of a pooled connection; both servers pool with No Reset On Close, so it equals the statements."
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
                coldSeconds = settings.ColdSeconds,
                targets = targets.Select(target => new
                {
                    measure = target.Measure,
                    value = J(target.Value),
                    rounds = target.Rounds.Select(J),
                    roundsMet = target.RoundsMet,
                    target = target.Target,
                    state = target.StateText,
                }),
                ratios = ratios.Select(ratio => new { name = ratio.Name, value = J(ratio.Value) }),
                results = results.Select(Result),
                rounds = rounds.Select((round, i) => new { round = i + 1, runs = round.Runs.Select(Result) }),
                cold = cold.Select(Cold),
                coldRounds = coldRounds.Select((round, i) => new { round = i + 1, runs = round.Runs.Select(Cold) }),
            },
            Indented);
        return new BenchReport(md.ToString(), json);
    }

    /// <summary>
    /// The set-up of the two servers and of pgbench, as given and as still different: what a
    /// reader needs beside the targets to judge the floor. FloorParityTests hold the "same" part.
    /// </summary>
    public static IReadOnlyList<string> FloorDifferences { get; } =
    [
        "Same for both servers: the slim host builder (WebApplication.CreateSlimBuilder); the runtime and publish settings (eng/ServerRuntime.props, published self-contained as one composite ReadyToRun image); "
            + "the pool (50 connections at most, 4 kept, no reset on close, 5 s to connect, no command timeout) and the driver's automatic preparation (64 statements per connection, prepared at their fifth use); "
            + "Production environment, logging at Warning.",
        "pgbench runs the bare endpoint's statements prepared (-M prepared), as many connections as wrk, two threads.",
        "Still different, the API: looks each key up in its cache (loaded from the database, kept current by a LISTEN connection of its own) where the bare endpoint reads all keys once at start; "
            + "opens its 4 kept connections and runs one PATCH path's one-time work in the background at start, where the bare endpoint opens one connection to read the keys; "
            + "sets Kestrel's request limits from its configuration where the bare endpoint keeps Kestrel's defaults and checks the 16 KiB body itself; "
            + "logs through a batched console provider and names its pool for its metrics.",
        "Still different, pgbench: draws the influencer as a number and builds its uuid in the statement (pgbench has no string variables); "
            + "the field's value is a constant of each script's statement rather than a parameter; no HTTP, and its latency is per SELECT and UPDATE pair.",
    ];

    private static object Result(BenchResult r) => new
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
        logBytesPerPatch = J(r.LogBytesPerPatch),
        peakRssMiB = J(r.PeakRssMiB),
    };

    private static object Cold(ColdRun r) => new
    {
        target = r.Name,
        msToFirstOk = J(r.MsToFirstOk),
        requests = r.Requests,
        errors = r.Errors,
    };

    private static string F(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static double? J(double value) => double.IsFinite(value) ? Math.Round(value, 4) : null;
}
