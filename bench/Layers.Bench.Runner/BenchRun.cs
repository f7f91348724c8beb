using System.Globalization;
using System.Net;
using System.Text;

namespace Layers.Bench.Runner;

/// <summary>
/// One benchmark: seed, the API and the bare endpoint under wrk in alternating rounds, pgbench,
/// then the report. Fails only when a run is invalid (a server refusing the benchmark's PATCH,
/// errors under load), not on missed targets: on a shared machine the figures are noisy, and the
/// ratios are what a reader compares.
/// </summary>
internal sealed class BenchRun(BenchSettings settings)
{
    private readonly PostgresProbe database = new(settings.ConnectionString);
    private readonly CpuMeter cpu = new(CpuMeter.ReadPostmasterPid(settings.PostmasterPidFile));

    private Dictionary<string, string> ServerEnvironment => new(StringComparer.Ordinal)
    {
        ["ConnectionStrings__Layers"] = settings.ConnectionString,
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["RateLimiting__Enabled"] = "false",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    public async Task<int> RunAsync()
    {
        if (Directory.Exists(settings.WorkDirectory))
        {
            Directory.Delete(settings.WorkDirectory, recursive: true);
        }

        Directory.CreateDirectory(settings.WorkDirectory);
        var seeded = await BenchSeed.RunAsync(settings, ServerEnvironment).ConfigureAwait(false);

        // Rounds alternate which server goes first, so that neither always meets the machine in
        // the same state (a neighbour's load, a checkpoint); each target's row is its median round.
        var rounds = new List<BenchRound>();
        for (var round = 0; round < settings.Rounds; round++)
        {
            if (round % 2 == 0)
            {
                var api = await RunHttpAsync("API", settings.ApiDll, seeded.ApiKey).ConfigureAwait(false);
                rounds.Add(new BenchRound("API", api, await RunHttpAsync("bare", settings.BareDll, seeded.ApiKey).ConfigureAwait(false)));
            }
            else
            {
                var bare = await RunHttpAsync("bare", settings.BareDll, seeded.ApiKey).ConfigureAwait(false);
                rounds.Add(new BenchRound("bare", await RunHttpAsync("API", settings.ApiDll, seeded.ApiKey).ConfigureAwait(false), bare));
            }
        }

        var results = new List<BenchResult>
        {
            Statistics.MedianRound([.. rounds.Select(r => r.Api)]),
            Statistics.MedianRound([.. rounds.Select(r => r.Bare)]),
            await RunPgbenchAsync(seeded.PgbenchScriptArguments).ConfigureAwait(false),
        };

        var report = BenchReport.Create(results, rounds, await ContextAsync().ConfigureAwait(false));
        Console.WriteLine(report.Markdown);
        Directory.CreateDirectory(settings.ResultsDirectory);
        await File.WriteAllTextAsync(Path.Combine(settings.ResultsDirectory, "latest.md"), report.Markdown).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(settings.ResultsDirectory, "latest.json"), report.Json).ConfigureAwait(false);

        var invalid = results.Where(result => result.Errors > 0).Select(result => $"{result.Name}: {result.Errors} errors").ToList();
        if (invalid.Count > 0)
        {
            await Console.Error.WriteLineAsync($"Errors under load make the run invalid: {string.Join("; ", invalid)}.").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }

    private async Task<BenchResult> RunHttpAsync(string name, string dll, string apiKey)
    {
        await database.VacuumAsync().ConfigureAwait(false);
        var countsBefore = await database.CountsAsync().ConfigureAwait(false);
        WrkRun warmUp, run;
        double serverCpu, postgresCpu, peakRss;
        await using (var server = await ServerProcess.StartAsync(dll, ServerEnvironment).ConfigureAwait(false))
        {
            await CheckPatchAsync(name, server.BaseAddress, apiKey).ConfigureAwait(false);
            warmUp = await WrkAsync(server.BaseAddress, apiKey, settings.WarmUpSeconds).ConfigureAwait(false);
            var serverBefore = CpuMeter.ProcessSeconds(server.Id);
            var postgresBefore = cpu.PostgresSeconds();
            run = await WrkAsync(server.BaseAddress, apiKey, settings.Seconds).ConfigureAwait(false);
            serverCpu = CpuMeter.ProcessSeconds(server.Id) - serverBefore;
            postgresCpu = cpu.PostgresSeconds() - postgresBefore;
            peakRss = CpuMeter.PeakRssMiB(server.Id);
        }

        await database.WaitForNoClientsAsync().ConfigureAwait(false);
        var counts = await database.CountsAsync().ConfigureAwait(false);
        var patches = (double)(warmUp.Requests + run.Requests + 1);
        return new BenchResult(
            name,
            run.RequestsPerSecond,
            run.P50Ms,
            run.P99Ms,
            run.Requests,
            run.Errors,
            serverCpu / run.Requests * 1000,
            postgresCpu / run.Requests * 1000,
            (counts.Statements - countsBefore.Statements) / patches,
            (counts.Transactions - countsBefore.Transactions) / patches,
            peakRss);
    }

    /// <summary>
    /// A quick sanity check that the server accepts the benchmark's key and ids; that the bare
    /// endpoint answers exactly as the API does is proven by BareEndpointAnswerTests.
    /// </summary>
    private static async Task CheckPatchAsync(string name, Uri baseAddress, string apiKey)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/v1/influencers/{BenchSettings.InfluencerId(BenchSettings.FirstNumber)}")
        {
            Content = new StringContent("""{"brandVoice":"witty"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {apiKey}");
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException(
                $"{name} answered a seeded PATCH with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
        }
    }

    private async Task<WrkRun> WrkAsync(Uri baseAddress, string apiKey, int seconds)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["LAYERS_BENCH_KEY"] = apiKey,
            ["LAYERS_BENCH_FIRST"] = BenchSettings.FirstNumber.ToString(CultureInfo.InvariantCulture),
            ["LAYERS_BENCH_COUNT"] = settings.Influencers.ToString(CultureInfo.InvariantCulture),
        };
        var output = await ToolProcess.RunAsync(
            settings.Wrk,
            ["-t2", $"-c{settings.Connections}", $"-d{seconds}s", "--latency", "-s", settings.WrkScript, baseAddress.GetLeftPart(UriPartial.Authority)],
            environment).ConfigureAwait(false);
        return WrkOutput.Parse(output);
    }

    /// <summary>The same two statements per PATCH as one transaction script, at the same concurrency.</summary>
    private async Task<BenchResult> RunPgbenchAsync(IReadOnlyList<string> scriptArguments)
    {
        var environment = LibpqEnvironment.From(settings.ConnectionString);
        string[] common = ["-n", "-M", "simple", "-c", settings.Connections.ToString(CultureInfo.InvariantCulture), "-j", "2", .. scriptArguments];
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
            "pgbench",
            summary.TransactionsPerSecond,
            Statistics.Percentile(latencies, 0.50),
            Statistics.Percentile(latencies, 0.99),
            latencies.Length,
            summary.FailedTransactions,
            double.NaN,
            postgresCpu / latencies.Length * 1000,
            (double)(counts.Statements - countsBefore.Statements) / latencies.Length,
            (double)(counts.Transactions - countsBefore.Transactions) / latencies.Length,
            double.NaN);
    }

    private async Task<RunContext> ContextAsync()
    {
        string commit;
        try
        {
            commit = (await ToolProcess.RunAsync("git", ["rev-parse", "--short", "HEAD"]).ConfigureAwait(false)).Trim();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            commit = "unknown";
        }

        var loadAverage = File.Exists("/proc/loadavg")
            ? string.Join(' ', (await File.ReadAllTextAsync("/proc/loadavg").ConfigureAwait(false)).Split(' ').Take(3))
            : "n/a";
        return new RunContext(DateTime.UtcNow, commit, Environment.ProcessorCount, loadAverage, settings, cpu.MeasuresPostgres);
    }
}
