// Build entry point: ./build.sh <build|test|soak|bench|format|clean|run> [Cake arguments], or
// dotnet cake build.cake --target=<Target> [--configuration=Debug].
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

var target = Argument("target", "Build");
var configuration = Argument("configuration", "Release");
const string Solution = "Layers.sln";
var artifacts = Directory("artifacts");
var testResults = artifacts + Directory("test-results");

Task("Clean")
    .Does(() =>
{
    DotNetClean(Solution, new DotNetCleanSettings { Configuration = configuration });
    if (DirectoryExists(artifacts))
    {
        DeleteDirectory(artifacts, new DeleteDirectorySettings { Recursive = true, Force = true });
    }
});

Task("Build")
    .Does(() => DotNetBuild(Solution, new DotNetBuildSettings { Configuration = configuration }));

Task("Format")
    .Does(() => DotNetFormat(Solution, new DotNetFormatSettings { VerifyNoChanges = true }));

Task("Test")
    .IsDependentOn("Build")
    .Does(() =>
{
    var engineEnv = ContainerEngineEnvironment();
    // The test fixture labels its containers with this run's id, so that the cleanup below removes
    // this run's leftovers and no other run's.
    var testRun = Guid.NewGuid().ToString("N");
    engineEnv["LAYERS_TEST_RUN"] = testRun;
    CleanDirectory(testResults); // stale TRX files must not be counted

    var projects = GetFiles("tests/**/*.Tests.csproj").Concat(GetFiles("tests/**/*Tests.csproj"))
        .DistinctBy(p => p.FullPath).OrderBy(p => p.FullPath, StringComparer.Ordinal);
    XNamespace trxNs = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
    int passed = 0, failed = 0, skipped = 0;
    var failedRuns = new SortedSet<string>();

    // The micro-benchmarks once each, in this process, so that they cannot rot. A failure counts
    // as a failed run rather than stopping here, so the summary below stays the last line.
    const string Micro = "bench/Layers.Bench.Micro/Layers.Bench.Micro.csproj";
    var microExitCode = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"run -c {configuration} --no-build --project {Micro} -- --filter * --job Dry --inProcess --artifacts {artifacts.Path.FullPath}/benchmarks",
    });
    if (microExitCode != 0)
    {
        Error($"Layers.Bench.Micro: the dry run failed (exit code {microExitCode})");
        failedRuns.Add("Layers.Bench.Micro");
    }

    foreach (var project in projects)
    {
        var name = project.GetFilenameWithoutExtension().FullPath;
        try
        {
            // global.json runs `dotnet test` on Microsoft.Testing.Platform, where xunit.v3 writes the
            // TRX itself. Exit code 8 (no test in the project) is left to the zero-tests check below.
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                PathType = DotNetTestPathType.Project,
                Configuration = configuration,
                NoBuild = true,
                ResultsDirectory = testResults,
                EnvironmentVariables = engineEnv,
                ArgumentCustomization = args => args
                    .Append("--report-xunit-trx")
                    .Append("--report-xunit-trx-filename").AppendQuoted($"{name}.trx")
                    .Append("--ignore-exit-code").Append("8"),
            });
        }
        catch (Exception e) // go on: every project's results are wanted
        {
            Error($"{name}: {e.Message}");
            failedRuns.Add(name);
        }

        var trx = testResults.Path.CombineWithFilePath($"{name}.trx");
        if (!FileExists(trx))
        {
            Error($"{name}: no {trx} was written");
            failedRuns.Add(name);
            continue;
        }
        var counters = XDocument.Load(trx.FullPath).Descendants(trxNs + "Counters").Single();
        int Count(string attribute) => (int?)counters.Attribute(attribute) ?? 0;
        passed += Count("passed");
        failed += Count("failed") + Count("error") + Count("timeout") + Count("aborted");
        skipped += Count("notExecuted");
        if (Count("total") == 0)
        {
            Warning($"{name}: no tests");
        }
    }

    if (engineEnv.GetValueOrDefault("TESTCONTAINERS_RYUK_DISABLED") == "true")
    {
        // Without Ryuk nothing else removes the containers of a test process that crashed.
        if (StartProcess("bash", $"eng/container-engine.sh --cleanup {testRun}") != 0)
        {
            Warning("Removing leftover test containers failed.");
        }
    }

    if (failedRuns.Count > 0)
    {
        Error($"Test projects whose run failed: {string.Join(", ", failedRuns)}");
    }
    var anyRan = passed + failed > 0;
    if (!anyRan)
    {
        Error("No test ran.");
    }
    // Plain Console rather than Cake's coloured log, and an explicit exit: the summary must be the
    // last line, and Cake would print its task report (and any error) after it.
    Console.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
    System.Environment.Exit(anyRan && failed == 0 && failedRuns.Count == 0 ? 0 : 1);
});

// The API on http://localhost:5080 with migrations applied and demo data seeded. PostgreSQL is
// ConnectionStrings__Layers when set, else the local cluster of eng/local-postgres.sh (.data/).
Task("Run")
    .IsDependentOn("Build")
    .Does(() =>
{
    var connectionString = EnvironmentVariable("ConnectionStrings__Layers") ?? LocalPostgres("start");
    var env = new Dictionary<string, string>
    {
        ["ConnectionStrings__Layers"] = connectionString,
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
    };
    var api = File($"src/Api/bin/{configuration}/net10.0/Layers.Api.dll");
    var cli = File($"src/Cli/bin/{configuration}/net10.0/Layers.Cli.dll");
    Verb(cli, env, "migrate");
    var seeded = Verb(cli, env, "demo seed .data/demo.json")
        .Select(line => line.Split(": ", 2))
        .Where(pair => pair.Length == 2)
        .ToDictionary(pair => pair[0], pair => pair[1]);
    var key = seeded["apiKey"];
    var influencerId = seeded["influencerId"];
    const string BaseUrl = "http://localhost:5080";
    // Console, not Information: Cake would colour the values, and copying would carry the colour codes.
    Console.WriteLine($$"""

        Layers API on {{BaseUrl}}   (Ctrl-C stops it; ./build.sh stop-db stops PostgreSQL)
          API key:        {{key}}
          influencer id:  {{influencerId}}
          reference:      {{BaseUrl}}/docs

        export LAYERS_API_KEY={{key}}
        curl -X PATCH {{BaseUrl}}/v1/influencers/{{influencerId}} \
          -H "Authorization: Bearer $LAYERS_API_KEY" \
          -H "Content-Type: application/json" \
          -d '{ "brandVoice": "casual", "language": "es-MX" }'

        """);
    DotNetExecute(api, $"--urls {BaseUrl}", new DotNetExecuteSettings { EnvironmentVariables = env });
});

// The load test alone (tests/Layers.IntegrationTests/Load/SoakTests.cs): 32 concurrent clients,
// or LAYERS_SOAK_CLIENTS, for 60 s after a 5 s warm-up, or --soak-seconds=N. The Test target runs
// the same test for its CI default of 10 s.
Task("Soak")
    .Does(() =>
{
    const string Project = "tests/Layers.IntegrationTests/Layers.IntegrationTests.csproj";
    var seconds = Argument("soak-seconds", 60);
    if (seconds <= 0)
    {
        throw new CakeException("--soak-seconds must be a positive whole number.");
    }

    // Only the project it runs: the API binary it starts is built into that project's output.
    DotNetBuild(Project, new DotNetBuildSettings { Configuration = configuration });
    var env = ContainerEngineEnvironment();
    env["LAYERS_SOAK_SECONDS"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // The test's fixture removes its own container when the run ends; unlike Test, no cleanup of
    // a crashed run's leftovers afterwards.
    DotNetTest(Project, new DotNetTestSettings
    {
        PathType = DotNetTestPathType.Project,
        Configuration = configuration,
        NoBuild = true,
        EnvironmentVariables = env,

        // Detailed output shows the passing test's report: requests/s, statuses, latencies, memory.
        ArgumentCustomization = args => args
            .Append("--output").Append("Detailed")
            .Append("--filter-class").AppendQuoted("Layers.IntegrationTests.Load.SoakTests"),
    });
});

// PATCH throughput of the API against a bare Npgsql endpoint (bench/Layers.Bench.Bare) and against
// pgbench running the repository's statements alone, at the same concurrency; see README, "Benchmark".
// Writes bench/results/latest.md and latest.json. Fails only when a run is invalid (a baseline
// answering differently from the API, errors under load), not on missed targets: on a shared
// machine the figures are noisy, and the ratios are what a reader compares.
Task("Bench")
    .Does(() =>
{
    const string Org = "bench";
    const int Influencers = 10_000;
    const int FirstNumber = 100_001; // BenchDatabase.FirstNumber: ids are 00000000-0000-4000-8000-000000nnnnnn
    const int Connections = 32;
    const int WarmUpSeconds = 5;
    const int Seconds = 15;
    const int Rounds = 5;
    var wrk = EnsureWrk();
    var pgbench = PostgresTool("pgbench");
    var psql = PostgresTool("psql");

    var work = artifacts + Directory("bench");
    CleanDirectory(work);
    // Both as a deployment would run them: published for this machine, ReadyToRun (see the csproj files).
    FilePath Publish(string project, string name)
    {
        var output = work + Directory(name);
        DotNetPublish(project, new DotNetPublishSettings
        {
            Configuration = configuration,
            Runtime = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier,
            SelfContained = false,
            OutputDirectory = output,
        });
        return output + File(System.IO.Path.GetFileNameWithoutExtension(project) + ".dll");
    }
    var api = Publish("src/Api/Layers.Api.csproj", "api");
    var bare = Publish("bench/Layers.Bench.Bare/Layers.Bench.Bare.csproj", "bare");

    var external = EnvironmentVariable("ConnectionStrings__Layers");
    var connectionString = external ?? LocalPostgres("start");
    var env = new Dictionary<string, string>
    {
        ["ConnectionStrings__Layers"] = connectionString,
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["RateLimiting__Enabled"] = "false",
        ["Logging__LogLevel__Default"] = "Warning",
    };
    var pgEnv = LibpqEnvironment(connectionString);

    // A throwaway org with a project, a key with every scope, and the influencers.
    Verb(api, env, "migrate");
    Verb(bare, env, $"reset {Org}");
    Verb(api, env, $"orgs create {Org}");
    Verb(api, env, $"projects create --org {Org} --name Bench");
    var key = Verb(api, env, $"keys create --org {Org} --scopes influencers:read,influencers:write --name bench").Last();
    var seeded = Verb(bare, env, $"seed {Org} {Influencers} {work.Path.Combine("pgbench").FullPath}");
    var pgbenchScripts = string.Join(' ', seeded.Where(line => line.StartsWith("pgbench: ")).Select(line => line["pgbench: ".Length..]));
    // Statements that touch the PATCH's tables (each is one index or sequential scan), and
    // transactions, which would also count a DISCARD ALL per reuse of a pooled connection.
    var dbCounts = (Func<(long Statements, long Transactions)>)(() =>
    {
        var counts = Query(psql, pgEnv, "SELECT (SELECT sum(coalesce(idx_scan, 0) + seq_scan) FROM pg_stat_user_tables WHERE relname IN ('influencers', 'api_keys')) || ' ' || xact_commit FROM pg_stat_database WHERE datname = current_database()").Split(' ');
        return (long.Parse(counts[0], CultureInfo.InvariantCulture), long.Parse(counts[1], CultureInfo.InvariantCulture));
    });
    var postmaster = external is null ? PostmasterPid() : (int?)null;

    var wrkEnv = new Dictionary<string, string>
    {
        ["LAYERS_BENCH_KEY"] = key,
        ["LAYERS_BENCH_FIRST"] = FirstNumber.ToString(CultureInfo.InvariantCulture),
        ["LAYERS_BENCH_COUNT"] = Influencers.ToString(CultureInfo.InvariantCulture),
    };
    BenchResult RunHttp(string name, FilePath dll)
    {
        // Every run starts from the same table: the previous run's dead row versions vacuumed,
        // so that no autovacuum lands in one target's measurement and not the other's.
        Query(psql, pgEnv, "VACUUM ANALYZE influencers");
        var countsBefore = dbCounts();
        using var server = StartServer(dll, env, out var baseUrl);
        var warmUp = Wrk(wrk, wrkEnv, baseUrl, Connections, WarmUpSeconds);
        var cpuBefore = ProcessCpuSeconds(server.Id);
        var pgBefore = PostgresCpuSeconds(postmaster);
        var run = Wrk(wrk, wrkEnv, baseUrl, Connections, Seconds);
        var cpu = ProcessCpuSeconds(server.Id) - cpuBefore;
        var pgCpu = PostgresCpuSeconds(postmaster) - pgBefore;
        var peakRss = PeakRssMiB(server.Id);
        StopServer(server);
        WaitForNoClients(psql, pgEnv);
        var counts = dbCounts();
        var patches = (double)(warmUp.Requests + run.Requests);
        return new BenchResult(name, run.RequestsPerSecond, run.P50Ms, run.P99Ms, run.Requests, run.Errors,
            cpu / run.Requests * 1000, pgCpu / run.Requests * 1000,
            (counts.Statements - countsBefore.Statements) / patches, (counts.Transactions - countsBefore.Transactions) / patches, peakRss);
    }

    // Step 1: the baseline must answer as the API does, or its figures mean nothing.
    using (var apiServer = StartServer(api, env, out var apiUrl))
    using (var bareServer = StartServer(bare, env, out var bareUrl))
    {
        try
        {
            CheckSameAnswers(apiUrl, bareUrl, key, $"inf_00000000-0000-4000-8000-{FirstNumber:D12}");
        }
        finally
        {
            StopServer(apiServer);
            StopServer(bareServer);
        }
    }
    WaitForNoClients(psql, pgEnv);

    // Rounds alternate which server goes first, so that neither always meets the machine in the
    // same state (a neighbour's load, a checkpoint); each target's figures are its median round.
    var rounds = new List<BenchRound>();
    for (var round = 0; round < Rounds; round++)
    {
        if (round % 2 == 0)
        {
            var apiRun = RunHttp("API", api);
            rounds.Add(new BenchRound("API", apiRun, RunHttp("bare", bare)));
        }
        else
        {
            var bareRun = RunHttp("bare", bare);
            rounds.Add(new BenchRound("bare", RunHttp("API", api), bareRun));
        }
    }
    var results = new List<BenchResult> { MedianRound(rounds.Select(r => r.Api).ToList()), MedianRound(rounds.Select(r => r.Bare).ToList()) };

    // pgbench: the same two statements per PATCH, as one transaction script, same concurrency.
    var pgbenchArgs = $"-n -M simple -c {Connections} -j 2 {pgbenchScripts}";
    RunPgbench(pgbench, pgEnv, $"{pgbenchArgs} -T {WarmUpSeconds}");
    var pgCountsBefore = dbCounts();
    var pgCpuBefore = PostgresCpuSeconds(postmaster);
    var logPrefix = work.Path.CombineWithFilePath("pgbench-log").FullPath;
    var pgOutput = RunPgbench(pgbench, pgEnv, $"{pgbenchArgs} -T {Seconds} --log --log-prefix={logPrefix}");
    WaitForNoClients(psql, pgEnv);
    var pgCpuUsed = PostgresCpuSeconds(postmaster) - pgCpuBefore;
    var latencies = GetFiles($"{work.Path.FullPath}/pgbench-log*")
        .SelectMany(file => System.IO.File.ReadLines(file.FullPath))
        .Select(line => long.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture) / 1000.0)
        .Order().ToArray();
    var tps = double.Parse(Regex.Match(pgOutput, @"tps = ([\d.]+) \(without initial connection time\)").Groups[1].Value, CultureInfo.InvariantCulture);
    var failed = Regex.Match(pgOutput, @"number of failed transactions: (\d+)") is { Success: true } failedMatch ? long.Parse(failedMatch.Groups[1].Value) : 0;
    var pgCounts = dbCounts();
    results.Add(new BenchResult("pgbench", tps, Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Length, failed,
        double.NaN, pgCpuUsed / latencies.Length * 1000, (double)(pgCounts.Statements - pgCountsBefore.Statements) / latencies.Length,
        (double)(pgCounts.Transactions - pgCountsBefore.Transactions) / latencies.Length, double.NaN));

    var report = BenchReport(results, rounds, Connections, Seconds, WarmUpSeconds, Influencers, postmaster is not null);
    Console.WriteLine(report.Markdown);
    EnsureDirectoryExists("bench/results");
    System.IO.File.WriteAllText("bench/results/latest.md", report.Markdown);
    System.IO.File.WriteAllText("bench/results/latest.json", report.Json);
    var invalid = results.Where(result => result.Errors > 0).Select(result => $"{result.Name}: {result.Errors} errors").ToList();
    if (invalid.Count > 0)
    {
        throw new CakeException($"Errors under load make the run invalid: {string.Join("; ", invalid)}.");
    }
});

Task("StopDb")
    .Does(() => LocalPostgres("stop"));

Task("WipeDb")
    .Does(() => LocalPostgres("wipe"));

RunTarget(target);

// Environment for the test processes. On Linux, eng/container-engine.sh finds or sets up a
// container engine for Testcontainers and prints `export K=V` lines; elsewhere, a Docker engine
// (e.g. Docker Desktop) is expected to be set up already.
Dictionary<string, string> ContainerEngineEnvironment()
{
    var env = new Dictionary<string, string>();
    if (!IsRunningOnLinux())
    {
        return env;
    }
    var exitCode = StartProcess(
        "bash",
        new ProcessSettings { Arguments = "eng/container-engine.sh", RedirectStandardOutput = true },
        out IEnumerable<string> output);
    if (exitCode != 0)
    {
        throw new CakeException($"eng/container-engine.sh failed (exit code {exitCode}); see its messages above.");
    }
    foreach (var line in output)
    {
        var match = Regex.Match(line, "^export ([A-Za-z_][A-Za-z0-9_]*)=(.*)$");
        if (match.Success)
        {
            env[match.Groups[1].Value] = match.Groups[2].Value;
            Information(match.Value);
        }
    }
    return env;
}

// eng/local-postgres.sh <verb>; returns its last line of output (the connection string for start).
string LocalPostgres(string verb)
{
    var exitCode = StartProcess(
        "bash",
        new ProcessSettings { Arguments = $"eng/local-postgres.sh {verb}", RedirectStandardOutput = true },
        out IEnumerable<string> output);
    if (exitCode != 0)
    {
        throw new CakeException($"eng/local-postgres.sh {verb} failed (exit code {exitCode}); see its messages above.");
    }
    return output.LastOrDefault() ?? string.Empty;
}

// Runs a verb of a built binary (the operator CLI, the API, which hands verbs on to it, or the
// bare baseline) and returns its standard output lines.
IReadOnlyList<string> Verb(FilePath binary, IDictionary<string, string> env, string verb)
{
    var exitCode = StartProcess(
        "dotnet",
        new ProcessSettings
        {
            Arguments = $"\"{binary.FullPath}\" {verb}",
            EnvironmentVariables = env,
            RedirectStandardOutput = true,
        },
        out IEnumerable<string> output);
    var lines = output.ToList();
    if (exitCode != 0)
    {
        throw new CakeException($"'{verb}' failed (exit code {exitCode}).");
    }
    return lines;
}

// --- Bench helpers -------------------------------------------------------------------------

record BenchResult(string Name, double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors,
    double ServerCpuSecondsPer1k, double PostgresCpuSecondsPer1k, double StatementsPerPatch, double TransactionsPerPatch, double PeakRssMiB);

// One round of the API and the bare endpoint, and which of the two ran first.
record BenchRound(string First, BenchResult Api, BenchResult Bare);

record WrkRun(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors);

record Report(string Markdown, string Json);

// wrk from PATH; on Debian as root it is installed with apt, elsewhere the run stops and says so.
string EnsureWrk()
{
    if (StartProcess("sh", new ProcessSettings { Arguments = "-c \"command -v wrk\"", Silent = true }) == 0)
    {
        return "wrk";
    }
    if (IsRunningOnLinux() && Environment.UserName == "root" && StartProcess("sh", "-c \"command -v apt-get\"") == 0)
    {
        Information("Installing wrk with apt-get");
        var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        if (StartProcess("apt-get", new ProcessSettings { Arguments = "update -qq", EnvironmentVariables = env }) == 0
            && StartProcess("apt-get", new ProcessSettings { Arguments = "install -y -qq --no-install-recommends wrk", EnvironmentVariables = env }) == 0)
        {
            return "wrk";
        }
    }
    throw new CakeException("wrk not found: install it (Debian/Ubuntu: apt-get install wrk; macOS: brew install wrk) and run again.");
}

// A PostgreSQL client tool from PATH, else from the server binaries eng/local-postgres.sh uses.
string PostgresTool(string name)
{
    if (StartProcess("sh", new ProcessSettings { Arguments = $"-c \"command -v {name}\"", Silent = true }) == 0)
    {
        return name;
    }
    var found = GetFiles($"/usr/lib/postgresql/*/bin/{name}").OrderBy(file => file.FullPath, StringComparer.Ordinal).LastOrDefault();
    return found?.FullPath ?? throw new CakeException($"{name} not found: install the PostgreSQL client tools (Debian: postgresql-client, postgresql-contrib).");
}

// The Npgsql connection string as libpq environment variables, for psql and pgbench.
Dictionary<string, string> LibpqEnvironment(string connectionString)
{
    var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Host"] = "PGHOST", ["Server"] = "PGHOST", ["Port"] = "PGPORT", ["Username"] = "PGUSER", ["User ID"] = "PGUSER",
        ["User"] = "PGUSER", ["Database"] = "PGDATABASE", ["Password"] = "PGPASSWORD",
    };
    return connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2))
        .Where(pair => pair.Length == 2 && names.ContainsKey(pair[0].Trim()))
        .ToDictionary(pair => names[pair[0].Trim()], pair => pair[1].Trim());
}

string Query(string psql, IDictionary<string, string> pgEnv, string sql)
{
    var exitCode = StartProcess(psql, new ProcessSettings
    {
        Arguments = $"-XAt -v ON_ERROR_STOP=1 -c \"{sql}\"",
        EnvironmentVariables = pgEnv,
        RedirectStandardOutput = true,
    }, out IEnumerable<string> output);
    if (exitCode != 0)
    {
        throw new CakeException($"psql failed on: {sql}");
    }
    return output.Last().Trim();
}

// Pool connections close when their process stops; their backends' statistics and CPU time are
// only complete once those backends have exited.
void WaitForNoClients(string psql, IDictionary<string, string> pgEnv)
{
    var deadline = DateTime.UtcNow.AddSeconds(10);
    while (Query(psql, pgEnv, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()") != "0"
           && DateTime.UtcNow < deadline)
    {
        System.Threading.Thread.Sleep(100);
    }
    System.Threading.Thread.Sleep(200);
}

int? PostmasterPid()
{
    var pidFile = File(".data/postgres/postmaster.pid");
    return FileExists(pidFile) ? int.Parse(System.IO.File.ReadLines(pidFile.Path.FullPath).First(), CultureInfo.InvariantCulture) : null;
}

const double ClockTicks = 100; // USER_HZ, the unit of /proc/<pid>/stat times on Linux

// /proc/<pid>/stat after the command name: state is field 0, ppid 1, utime 11, stime 12, cutime 13, cstime 14.
long[] ProcStat(int pid)
{
    var text = System.IO.File.ReadAllText($"/proc/{pid}/stat");
    return text[(text.LastIndexOf(')') + 2)..].Split(' ').Select(field => long.TryParse(field, out var value) ? value : 0).ToArray();
}

double ProcessCpuSeconds(int pid)
{
    var stat = ProcStat(pid);
    return (stat[11] + stat[12]) / ClockTicks;
}

// The cluster's CPU: the postmaster and its live children, plus what its exited children used.
double PostgresCpuSeconds(int? postmaster)
{
    if (postmaster is not int pid)
    {
        return double.NaN;
    }
    var ticks = ProcStat(pid)[13] + ProcStat(pid)[14];
    foreach (var dir in System.IO.Directory.EnumerateDirectories("/proc"))
    {
        if (int.TryParse(System.IO.Path.GetFileName(dir), out var child))
        {
            try
            {
                var stat = ProcStat(child);
                if (child == pid || stat[1] == pid)
                {
                    ticks += stat[11] + stat[12];
                }
            }
            catch (IOException)
            {
                // exited while we looked; its time is in the postmaster's cutime by now or soon
            }
        }
    }
    return ticks / ClockTicks;
}

double PeakRssMiB(int pid) =>
    System.IO.File.ReadLines($"/proc/{pid}/status")
        .Where(line => line.StartsWith("VmHWM:"))
        .Select(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0)
        .Single();

// The built server on a free loopback port, returned once it answers HTTP.
System.Diagnostics.Process StartServer(FilePath dll, IDictionary<string, string> env, out string baseUrl)
{
    var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    probe.Start();
    var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    probe.Stop();
    baseUrl = $"http://127.0.0.1:{port}";
    var start = new System.Diagnostics.ProcessStartInfo("dotnet", $"\"{MakeAbsolute(dll).FullPath}\" --urls {baseUrl}") { UseShellExecute = false };
    foreach (var (name, value) in env)
    {
        start.Environment[name] = value;
    }
    var process = System.Diagnostics.Process.Start(start)!;
    using var http = new System.Net.Http.HttpClient { Timeout = TimeSpan.FromSeconds(1) };
    var deadline = DateTime.UtcNow.AddSeconds(30);
    while (true)
    {
        if (process.HasExited)
        {
            throw new CakeException($"{dll.GetFilename()} exited with {process.ExitCode} before answering.");
        }
        try
        {
            http.GetAsync($"{baseUrl}/healthz").GetAwaiter().GetResult().Dispose(); // any answer will do
            return process;
        }
        catch (Exception) when (DateTime.UtcNow < deadline)
        {
            System.Threading.Thread.Sleep(200);
        }
    }
}

void StopServer(System.Diagnostics.Process process)
{
    if (process.HasExited)
    {
        return;
    }
    StartProcess("kill", $"-TERM {process.Id}"); // a graceful stop closes the pool's connections
    if (!process.WaitForExit(10_000))
    {
        process.Kill();
        process.WaitForExit();
    }
}

WrkRun Wrk(string wrk, IDictionary<string, string> env, string baseUrl, int connections, int seconds)
{
    var exitCode = StartProcess(wrk, new ProcessSettings
    {
        Arguments = $"-t2 -c{connections} -d{seconds}s --latency -s bench/patch.lua {baseUrl}",
        EnvironmentVariables = env,
        RedirectStandardOutput = true,
    }, out IEnumerable<string> lines);
    var output = string.Join('\n', lines);
    if (exitCode != 0)
    {
        throw new CakeException($"wrk failed ({exitCode}):\n{output}");
    }
    double Latency(string percentile)
    {
        var match = Regex.Match(output, $@"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "ms" => value, _ => value * 1000 };
    }
    long Count(string pattern) => Regex.Match(output, pattern) is { Success: true } match
        ? Regex.Matches(match.Value, @"\d+").Sum(number => long.Parse(number.Value, CultureInfo.InvariantCulture))
        : 0;
    return new WrkRun(
        double.Parse(Regex.Match(output, @"Requests/sec:\s+([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture),
        Latency("50"),
        Latency("99"),
        long.Parse(Regex.Match(output, @"(\d+) requests in").Groups[1].Value, CultureInfo.InvariantCulture),
        Count(@"Non-2xx or 3xx responses: \d+") + Count(@"Socket errors: connect \d+, read \d+, write \d+, timeout \d+"));
}

string RunPgbench(string pgbench, IDictionary<string, string> pgEnv, string arguments)
{
    var exitCode = StartProcess(pgbench, new ProcessSettings
    {
        Arguments = arguments,
        EnvironmentVariables = pgEnv,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    }, out IEnumerable<string> output, out IEnumerable<string> errors);
    var text = string.Join('\n', output);
    if (exitCode != 0)
    {
        throw new CakeException($"pgbench failed ({exitCode}):\n{text}\n{string.Join('\n', errors)}");
    }
    return text;
}

static double Percentile(double[] sorted, double p) =>
    sorted.Length == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];

// The same PATCHes to the API and to the bare endpoint, alternating which goes first (and so which
// one writes): status, ETag and body must be equal, updatedAt aside.
void CheckSameAnswers(string apiUrl, string bareUrl, string key, string influencerId)
{
    using var http = new System.Net.Http.HttpClient();
    (int Status, string ETag, string Body) Send(string baseUrl, string id, string body, string authorization)
    {
        using var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Patch, $"{baseUrl}/v1/influencers/{id}")
        {
            Content = new System.Net.Http.StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = http.Send(request);
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        var json = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject();
        json.Remove("updatedAt");
        json.Remove("error"); // error bodies carry a request id; their status is compared
        return ((int)response.StatusCode, response.Headers.ETag?.ToString() ?? "", json.ToJsonString());
    }

    var cases = new (string Id, string Body, string Authorization, int Status)[]
    {
        (influencerId, """{"name":"Noah Patel"}""", $"Bearer {key}", 200),
        (influencerId, """{"gender":"non_binary"}""", $"Bearer {key}", 200),
        (influencerId, """{"ageRange":"senior"}""", $"Bearer {key}", 200),
        (influencerId, """{"brandVoice":"witty"}""", $"Bearer {key}", 200),
        (influencerId, """{"language":"zh-Hans-CN"}""", $"Bearer {key}", 200),
        (influencerId, """{"brandVoice":"casual","language":"pt-BR","ageRange":null}""", $"Bearer {key}", 200),
        ("inf_00000000-0000-4000-8000-999999999999", """{"name":"Ava Chen"}""", $"Bearer {key}", 404),
        (influencerId, """{"name":"Ava Chen"}""", $"Bearer {key[..^1]}x", 401),
    };
    for (var i = 0; i < cases.Length; i++)
    {
        var (id, body, authorization, status) = cases[i];
        var (first, second) = i % 2 == 0 ? (apiUrl, bareUrl) : (bareUrl, apiUrl);
        var answers = new[] { Send(first, id, body, authorization), Send(second, id, body, authorization) };
        if (answers[0] != answers[1] || answers[0].Status != status)
        {
            throw new CakeException($"The bare endpoint does not answer as the API does to {body}:\n  {(first == apiUrl ? "API" : "bare")}: {answers[0]}\n  {(second == apiUrl ? "API" : "bare")}: {answers[1]}");
        }
    }
    Information($"Bare endpoint checked: {cases.Length} PATCHes answered as the API answers them.");
}

// One target's rounds as one row: the median of each figure (the rounds are odd in number), the
// requests and errors of all rounds, database work per PATCH over all rounds, the highest RSS.
BenchResult MedianRound(IReadOnlyList<BenchResult> runs)
{
    double Median(Func<BenchResult, double> figure) => runs.Select(figure).Order().ElementAt(runs.Count / 2);
    return new BenchResult(runs[0].Name, Median(r => r.RequestsPerSecond), Median(r => r.P50Ms), Median(r => r.P99Ms),
        runs.Sum(r => r.Requests), runs.Sum(r => r.Errors), Median(r => r.ServerCpuSecondsPer1k), Median(r => r.PostgresCpuSecondsPer1k),
        Median(r => r.StatementsPerPatch), Median(r => r.TransactionsPerPatch), runs.Max(r => r.PeakRssMiB));
}

Report BenchReport(IReadOnlyList<BenchResult> results, IReadOnlyList<BenchRound> rounds, int connections, int seconds, int warmUpSeconds, int influencers, bool postgresCpu)
{
    var api = results.Single(result => result.Name == "API");
    var bare = results.Single(result => result.Name == "bare");
    var pg = results.Single(result => result.Name == "pgbench");
    static string F(double value, string format) => double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);
    static double? J(double value) => double.IsNaN(value) ? null : Math.Round(value, 4);
    var commit = StartProcess("git", new ProcessSettings { Arguments = "rev-parse --short HEAD", RedirectStandardOutput = true }, out IEnumerable<string> sha) == 0
        ? sha.First() : "unknown";
    var loadAverage = System.IO.File.Exists("/proc/loadavg") ? string.Join(' ', System.IO.File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
    var ratios = new (string Name, double Value, string Target, bool? Met)[]
    {
        ("API/bare throughput", api.RequestsPerSecond / bare.RequestsPerSecond, ">= 0.90", api.RequestsPerSecond / bare.RequestsPerSecond >= 0.90),
        ("API/bare p99", api.P99Ms / bare.P99Ms, "<= 1.20", api.P99Ms / bare.P99Ms <= 1.20),
        ("API/pgbench throughput", api.RequestsPerSecond / pg.RequestsPerSecond, "", null),
        ("API/pgbench p99", api.P99Ms / pg.P99Ms, "", null),
    };

    var md = new System.Text.StringBuilder();
    md.AppendLine("# PATCH benchmark (./build.sh bench)");
    md.AppendLine();
    md.AppendLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {commit}, {Environment.ProcessorCount} cores, load average before the report {loadAverage}. "
        + $"{influencers} influencers; {connections} connections (wrk -t2, pgbench -j2) for {seconds} s after a {warmUpSeconds} s warm-up; one random field of one random influencer per PATCH. "
        + $"API and bare: {rounds.Count} rounds, each server started afresh every time, alternating which goes first; each row is the target's median round.");
    md.AppendLine();
    md.AppendLine("| target | requests/s | p50 ms | p99 ms | requests | errors | server CPU s / 1k | PostgreSQL CPU s / 1k | DB statements / PATCH | DB transactions / PATCH | peak RSS MiB |");
    md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    foreach (var r in results)
    {
        md.AppendLine($"| {r.Name} | {F(r.RequestsPerSecond, "0")} | {F(r.P50Ms, "0.00")} | {F(r.P99Ms, "0.00")} | {r.Requests} | {r.Errors} | "
            + $"{F(r.ServerCpuSecondsPer1k, "0.000")} | {F(r.PostgresCpuSecondsPer1k, "0.000")} | {F(r.StatementsPerPatch, "0.00")} | {F(r.TransactionsPerPatch, "0.00")} | {F(r.PeakRssMiB, "0")} |");
    }
    md.AppendLine();
    foreach (var (name, value, target, met) in ratios)
    {
        md.AppendLine($"- {name}: {F(value, "0.00")}{(met is bool ok ? $" (target {target}: {(ok ? "met" : "MISSED")})" : "")}");
    }
    md.AppendLine();
    md.AppendLine("| round | first | API requests/s | bare requests/s | API/bare throughput | API p99 ms | bare p99 ms | API/bare p99 |");
    md.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (var i = 0; i < rounds.Count; i++)
    {
        var (first, a, b) = rounds[i];
        md.AppendLine($"| {i + 1} | {first} | {F(a.RequestsPerSecond, "0")} | {F(b.RequestsPerSecond, "0")} | {F(a.RequestsPerSecond / b.RequestsPerSecond, "0.00")} | "
            + $"{F(a.P99Ms, "0.00")} | {F(b.P99Ms, "0.00")} | {F(a.P99Ms / b.P99Ms, "0.00")} |");
    }
    md.AppendLine();
    md.AppendLine("Server CPU is the API's or the bare endpoint's process (utime + stime); pgbench has none, its work is all PostgreSQL's. "
        + (postgresCpu ? "PostgreSQL CPU is the local cluster's postmaster and backends." : "PostgreSQL CPU is n/a: the database is not the local cluster.")
        + " Peak RSS is VmHWM; n/a for pgbench. DB statements / PATCH: scans of influencers and api_keys (pg_stat_user_tables) over warm-up and run,"
        + " per request; a PATCH whose value is already stored issues only the SELECT, so the HTTP rows sit a little under 2. DB transactions / PATCH"
        + " (pg_stat_database.xact_commit) would also count a DISCARD ALL per reuse of a pooled connection; both servers pool with No Reset On Close, so it equals the statements."
        + " Both servers run published ReadyToRun with the same runtime settings (eng/ServerRuntime.props)."
        + " Before every run, VACUUM ANALYZE influencers, so that each starts from the same table."
        + " pgbench latencies are per transaction (SELECT then UPDATE) from its per-transaction log; wrk's per request.");

    var json = System.Text.Json.JsonSerializer.Serialize(new
    {
        date = DateTime.UtcNow,
        commit,
        cores = Environment.ProcessorCount,
        loadAverage,
        influencers,
        connections,
        seconds,
        warmUpSeconds,
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
        ratios = ratios.Select(r => new { name = r.Name, value = J(r.Value), target = r.Target == "" ? null : r.Target, met = r.Met }),
    }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    return new Report(md.ToString(), json);
}
