using System.Globalization;
using System.Net;

namespace Layers.Bench.Runner;

/// <summary>A server as one row of a report runs it: a published binary and its environment.</summary>
internal sealed record HttpTarget(string Name, string Dll, IReadOnlyDictionary<string, string> Environment);

/// <summary>
/// The measured runs both the benchmark (<see cref="BenchRun"/>) and the A/B comparison
/// (<see cref="AbRun"/>) are made of, so that a figure means the same in both: a steady-state run
/// of a fresh server on a freshly vacuumed table, a cold start, pgbench.
/// </summary>
internal sealed class ServerRuns(BenchSettings settings)
{
    // Far above any rate a run reaches, so that the limits are on and cost what they cost, and never refuse.
    private const string AboveTheLoad = "1000000";
    private static readonly TimeSpan ColdPollInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan ColdTimeout = TimeSpan.FromSeconds(60);

    private readonly PostgresProbe database = new(settings.ConnectionString);
    private readonly CpuMeter cpu = new(CpuMeter.ReadPostmasterPid(settings.PostmasterPidFile));

    public bool PostgresCpuMeasured => cpu.MeasuresPostgres;

    private string LogDirectory => Path.Combine(settings.WorkDirectory, "logs");

    /// <summary>The API row's and the bare endpoint's: rate limits off, logging at Warning.</summary>
    public Dictionary<string, string> QuietEnvironment() => ServerEnvironment(new()
    {
        ["RateLimiting__Enabled"] = "false",
        ["Logging__LogLevel__Default"] = "Warning",
    });

    /// <summary>
    /// The defaults an operator gets (appsettings.json's logging, with its line per request; rate
    /// limits on), the limits set above the load so that they never refuse.
    /// </summary>
    public Dictionary<string, string> AsShippedEnvironment() => ServerEnvironment(new()
    {
        ["RateLimiting__PerKeyPermitsPerSecond"] = AboveTheLoad,
        ["RateLimiting__PerIpPermitsPerSecond"] = AboveTheLoad,
    });

    /// <summary>Every server gets the database and runs as in production, with <paramref name="more"/> besides.</summary>
    private Dictionary<string, string> ServerEnvironment(Dictionary<string, string> more) =>
        new(more, StringComparer.Ordinal)
        {
            ["ConnectionStrings__Layers"] = settings.ConnectionString,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };

    /// <summary>Once per run, before measuring: both servers answer the workload's PATCHes identically (AnswerCheck).</summary>
    public async Task CheckAnswersAsync(HttpTarget api, HttpTarget bare, SeededData seeded)
    {
        Console.WriteLine("checking that the API and the bare endpoint answer the benchmark's PATCHes alike");
        await using var apiServer = await ServerProcess.StartAnsweringAsync(api.Dll, api.Environment, LogPath("check", api)).ConfigureAwait(false);
        await using var bareServer = await ServerProcess.StartAnsweringAsync(bare.Dll, bare.Environment, LogPath("check", bare)).ConfigureAwait(false);
        await AnswerCheck.RunAsync(apiServer.BaseAddress, bareServer.BaseAddress, seeded.ApiKey, BenchSettings.InfluencerId(BenchSettings.FirstNumber), seeded.Workload)
            .ConfigureAwait(false);
    }

    public async Task<BenchResult> RunHttpAsync(HttpTarget target, SeededData seeded, int round)
    {
        await database.VacuumAsync().ConfigureAwait(false);
        var countsBefore = await database.CountsAsync().ConfigureAwait(false);
        WrkRun warmUp, run;
        double serverCpu, postgresCpu, peakRss, logBytes;
        await using (var server = await ServerProcess.StartAnsweringAsync(target.Dll, target.Environment, LogPath($"round{round + 1}", target)).ConfigureAwait(false))
        {
            await CheckPatchAsync(target.Name, server.BaseAddress, seeded).ConfigureAwait(false);
            warmUp = await WrkAsync(server.BaseAddress, seeded, settings.WarmUpSeconds).ConfigureAwait(false);
            var serverBefore = CpuMeter.ProcessSeconds(server.Id);
            var postgresBefore = cpu.PostgresSeconds();
            var logBefore = server.LogBytes;
            run = await WrkAsync(server.BaseAddress, seeded, settings.Seconds).ConfigureAwait(false);
            serverCpu = CpuMeter.ProcessSeconds(server.Id) - serverBefore;
            postgresCpu = cpu.PostgresSeconds() - postgresBefore;
            logBytes = server.LogBytes - logBefore;
            peakRss = CpuMeter.PeakRssMiB(server.Id);
        }

        await database.WaitForNoClientsAsync().ConfigureAwait(false);
        var counts = await database.CountsAsync().ConfigureAwait(false);
        var patches = (double)(warmUp.Requests + run.Requests + 1);
        return new BenchResult(
            target.Name,
            run.RequestsPerSecond,
            run.P50Ms,
            run.P99Ms,
            run.Requests,
            warmUp.Errors + run.Errors,
            serverCpu / run.Requests * 1000,
            postgresCpu / run.Requests * 1000,
            (counts.Statements - countsBefore.Statements) / patches,
            (counts.Transactions - countsBefore.Transactions) / patches,
            logBytes / run.Requests,
            peakRss);
    }

    /// <summary>
    /// A fresh process: the time from its start to its first 200 to a PATCH, polled every 5 ms,
    /// then wrk's full load at once for <see cref="BenchSettings.ColdSeconds"/>.
    /// </summary>
    /// <summary>
    /// The steady-state rounds: in each, every target of <paramref name="order"/>'s list for that
    /// round in a fresh process, one after the other.
    /// </summary>
    public async Task<List<BenchRound>> RunRoundsAsync(Func<int, IEnumerable<HttpTarget>> order, SeededData seeded, BenchProgress progress)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(progress);
        var rounds = new List<BenchRound>();
        for (var round = 0; round < settings.Rounds; round++)
        {
            progress.Next();
            var runs = new List<BenchResult>();
            foreach (var target in order(round))
            {
                Console.WriteLine($"  {target.Name}");
                runs.Add(await RunHttpAsync(target, seeded, round).ConfigureAwait(false));
            }

            rounds.Add(new BenchRound(runs));
        }

        return rounds;
    }

    public async Task<ColdRun> RunColdAsync(HttpTarget target, SeededData seeded, int round)
    {
        await database.VacuumAsync().ConfigureAwait(false);
        var bodies = seeded.Workload.Bodies;
        var attempts = 0;
        ColdRun result;
        using (var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(1) }) { Timeout = ColdTimeout })
        {
            await using var server = ServerProcess.Start(target.Dll, target.Environment, LogPath($"cold{round + 1}", target));
            var firstOk = await ColdStart.UntilFirstOkAsync(
                async () =>
                {
                    var number = BenchSettings.FirstNumber + (attempts % settings.Influencers);
                    var answer = await AnswerCheck.SendAsync(http, server.BaseAddress, seeded.ApiKey, BenchSettings.InfluencerId(number), bodies[attempts++ % bodies.Count])
                        .ConfigureAwait(false);
                    return (HttpStatusCode)answer.Status;
                },
                () => server.SinceStart,
                () => Task.Delay(ColdPollInterval),
                () => server.HasExited,
                ColdTimeout).ConfigureAwait(false);
            var load = await WrkAsync(server.BaseAddress, seeded, settings.ColdSeconds).ConfigureAwait(false);
            result = new ColdRun(target.Name, firstOk.TotalMilliseconds, load.Requests, load.Errors);
        }

        await database.WaitForNoClientsAsync().ConfigureAwait(false);
        return result;
    }

    /// <summary>A quick check that the server accepts the benchmark's key, ids and PATCH before it is loaded.</summary>
    private static async Task CheckPatchAsync(string name, Uri baseAddress, SeededData seeded)
    {
        using var http = new HttpClient();
        var answer = await AnswerCheck.SendAsync(http, baseAddress, seeded.ApiKey, BenchSettings.InfluencerId(BenchSettings.FirstNumber), seeded.Workload.Bodies[0])
            .ConfigureAwait(false);
        if (answer.Status != 200)
        {
            throw new InvalidOperationException($"{name} answered a seeded PATCH with {answer.Status}: {answer.Body}");
        }
    }

    private async Task<WrkRun> WrkAsync(Uri baseAddress, SeededData seeded, int seconds)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["LAYERS_BENCH_KEY"] = seeded.ApiKey,
            ["LAYERS_BENCH_FIRST"] = BenchSettings.FirstNumber.ToString(CultureInfo.InvariantCulture),
            ["LAYERS_BENCH_COUNT"] = settings.Influencers.ToString(CultureInfo.InvariantCulture),
            ["LAYERS_BENCH_FIELDS"] = seeded.Workload.Spec,
        };
        var output = await ToolProcess.RunAsync(
            settings.Wrk,
            ["-t2", $"-c{settings.Connections}", $"-d{seconds}s", "--latency", "-s", settings.WrkScript, baseAddress.GetLeftPart(UriPartial.Authority)],
            environment).ConfigureAwait(false);
        return WrkOutput.Parse(output);
    }

    /// <summary>
    /// pgbench's arguments but its duration and log: the bare endpoint's statements, prepared on
    /// the server as the two servers' drivers prepare theirs, over as many connections as wrk
    /// opens, from two threads as wrk runs.
    /// </summary>
    public static IReadOnlyList<string> PgbenchArguments(int connections, IReadOnlyList<string> scriptArguments) =>
        ["-n", "-M", "prepared", "-c", connections.ToString(CultureInfo.InvariantCulture), "-j", "2", .. scriptArguments];

    /// <summary>The bare endpoint's two statements per PATCH as one transaction script, at the same concurrency.</summary>
    public async Task<BenchResult> RunPgbenchAsync(IReadOnlyList<string> scriptArguments)
    {
        await database.VacuumAsync().ConfigureAwait(false);
        var environment = LibpqEnvironment.From(settings.ConnectionString);
        var common = PgbenchArguments(settings.Connections, scriptArguments);
        await ToolProcess.RunAsync(settings.Pgbench, [.. common, "-T", settings.WarmUpSeconds.ToString(CultureInfo.InvariantCulture)], environment).ConfigureAwait(false);
        var countsBefore = await database.CountsAsync().ConfigureAwait(false);
        var postgresBefore = cpu.PostgresSeconds();
        var logDirectory = Path.Combine(settings.WorkDirectory, "pgbench-log");
        Directory.CreateDirectory(logDirectory);
        var output = await ToolProcess.RunAsync(
            settings.Pgbench,
            [.. common, "-T", settings.Seconds.ToString(CultureInfo.InvariantCulture), "--log", $"--log-prefix={Path.GetFullPath(Path.Combine(logDirectory, "pgbench"))}"],
            environment).ConfigureAwait(false);
        await database.WaitForNoClientsAsync().ConfigureAwait(false);
        var postgresCpu = cpu.PostgresSeconds() - postgresBefore;
        var counts = await database.CountsAsync().ConfigureAwait(false);
        var summary = PgbenchOutput.Parse(output);
        var latencies = Directory.EnumerateFiles(logDirectory)
            .SelectMany(File.ReadLines)
            .Select(PgbenchOutput.LatencyMs)
            .Order()
            .ToArray();
        return new BenchResult(
            TargetNames.Pgbench,
            summary.TransactionsPerSecond,
            Statistics.Percentile(latencies, 0.50),
            Statistics.Percentile(latencies, 0.99),
            latencies.Length,
            summary.FailedTransactions,
            double.NaN,
            postgresCpu / latencies.Length * 1000,
            (double)(counts.Statements - countsBefore.Statements) / latencies.Length,
            (double)(counts.Transactions - countsBefore.Transactions) / latencies.Length,
            double.NaN,
            double.NaN);
    }

    private string LogPath(string run, HttpTarget target) =>
        Path.Combine(LogDirectory, $"{run}-{target.Name.Replace(' ', '-').ToLowerInvariant()}.log");
}
