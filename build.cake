// Build entry point: ./build.sh <build|test|soak|bench|format|clean|run|cluster> [Cake arguments], or
// dotnet cake build.cake --target=<Target> [--configuration=Debug].
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

    var failedRuns = new System.Collections.Concurrent.ConcurrentBag<string>();

    void RunProject(FilePath project)
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
    }

    // The integration suite is the long one, and spends its first seconds waiting for its
    // database container: the other suites and the micro-benchmarks' dry run go alongside it.
    const string Integration = "Layers.IntegrationTests";
    var integration = System.Threading.Tasks.Task.Run(() =>
    {
        foreach (var project in projects.Where(p => p.GetFilenameWithoutExtension().FullPath == Integration))
        {
            RunProject(project);
        }
    });

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

    foreach (var project in projects.Where(p => p.GetFilenameWithoutExtension().FullPath != Integration))
    {
        RunProject(project);
    }

    integration.Wait();

    foreach (var project in projects)
    {
        var name = project.GetFilenameWithoutExtension().FullPath;
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
        Error($"Test projects whose run failed: {string.Join(", ", failedRuns.Distinct().Order(StringComparer.Ordinal))}");
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
// ConnectionStrings__Layers when set, else the local cluster of eng/local-postgres.sh.
Task("Run")
    .IsDependentOn("Build")
    .Does(() =>
{
    var env = DemoDatabase(out var key, out var influencerId);
    env["ASPNETCORE_ENVIRONMENT"] = "Development";
    const string BaseUrl = "http://localhost:5080";
    PrintTryIt($"Layers API on {BaseUrl}   (Ctrl-C stops it; ./build.sh stop-db stops PostgreSQL)", BaseUrl, key, influencerId);
    DotNetExecute(File($"src/Api/bin/{configuration}/net10.0/Layers.Api.dll"), $"--urls {BaseUrl}", new DotNetExecuteSettings { EnvironmentVariables = env });
});

// Several API instances behind nginx on http://localhost:5080 (LAYERS_CLUSTER_PORT), with Redis:
// eng/cluster.sh (docs/cluster.md). PostgreSQL, migrations and demo data as for Run.
// --instances=N, default 2.
Task("Cluster")
    .IsDependentOn("Build")
    .Does(() =>
{
    var instances = Argument("instances", 2);
    if (instances is < 1 or > 99)
    {
        throw new CakeException("--instances must be a whole number from 1 to 99.");
    }

    var env = DemoDatabase(out var key, out var influencerId);
    var baseUrl = $"http://localhost:{EnvironmentVariable("LAYERS_CLUSTER_PORT") ?? "5080"}";
    PrintTryIt($"Layers API: {instances} instances behind nginx on {baseUrl}   (Ctrl-C stops them; ./build.sh stop-db stops PostgreSQL)", baseUrl, key, influencerId);
    var api = File($"src/Api/bin/{configuration}/net10.0/Layers.Api.dll").Path.MakeAbsolute(Context.Environment);
    var exitCode = StartProcess("bash", new ProcessSettings
    {
        Arguments = $"eng/cluster.sh --api \"{api.FullPath}\" --instances {instances}",
        EnvironmentVariables = env,
    });

    // 130 and 143: stopped by Ctrl-C or SIGTERM, as intended.
    if (exitCode is not (0 or 130 or 143))
    {
        throw new CakeException($"eng/cluster.sh failed (exit code {exitCode}); see its messages above.");
    }
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

// PATCH cost of the API (and of the API as shipped) against a bare Npgsql endpoint
// (bench/Layers.Bench.Bare) and against pgbench running that endpoint's statements alone, steady
// and from cold: publishes both servers, starts the database and the load tools, then runs the
// harness, bench/Layers.Bench.Runner (docs/performance.md), which first measures the micro-benchmark
// of the in-process PATCH path for real and announces each step with the time left.
// --bench-args="--rounds 1 --seconds 3 --warm-up 2 --cold-rounds 1" passes options on to it.
// --ab=<ref B> [--ab-base=<ref A, default HEAD>]: instead, the API of ref B against the API of ref A
// in paired rounds (docs/performance.md, "A/B"), each ref published as the API is from a temporary
// git worktree under the state directory.
Task("Bench")
    .Does(() =>
{
    var work = artifacts + Directory("bench");
    CleanDirectory(work);
    string servers;
    if (HasArgument("ab"))
    {
        var (refA, refB) = (Argument("ab-base", "HEAD"), Argument<string>("ab"));
        var apiA = PublishApiOf(refA, work + Directory("api-a"));
        var apiB = PublishApiOf(refB, work + Directory("api-b"));
        servers = $"--api \"{apiA.FullPath}\" --api-b \"{apiB.FullPath}\" --ref-a {refA} --ref-b {refB}";
    }
    else
    {
        var api = Publish("src/Api/Layers.Api.csproj", work + Directory("api"));
        servers = $"--api \"{api.FullPath}\" --micro bench/Layers.Bench.Micro/Layers.Bench.Micro.csproj";
    }

    var bare = Publish("bench/Layers.Bench.Bare/Layers.Bench.Bare.csproj", work + Directory("bare"));

    var env = ScriptExports("eng/bench-tools.sh");
    var external = EnvironmentVariable("ConnectionStrings__Layers");
    env["ConnectionStrings__Layers"] = external ?? LocalPostgres("start");
    // The local cluster's processes are ours to measure; another database's are not.
    var postmaster = external is null ? $" --postmaster-pid \"{LocalPostgres("datadir")}/postmaster.pid\"" : "";
    DotNetRun(
        "bench/Layers.Bench.Runner/Layers.Bench.Runner.csproj",
        $"{servers} --bare \"{bare.FullPath}\" --work \"{work.Path.FullPath}/run\"{postmaster} {Argument("bench-args", "")}",
        new DotNetRunSettings { Configuration = configuration, EnvironmentVariables = env });
});

Task("StopDb")
    .Does(() => LocalPostgres("stop"));

Task("WipeDb")
    .Does(() => LocalPostgres("wipe"));

RunTarget(target);

// Environment for the test processes. On Linux, eng/container-engine.sh finds or sets up a
// container engine for Testcontainers; elsewhere, a Docker engine (e.g. Docker Desktop) is
// expected to be set up already.
Dictionary<string, string> ContainerEngineEnvironment() =>
    IsRunningOnLinux() ? ScriptExports("eng/container-engine.sh") : new Dictionary<string, string>();

// Runs an eng/ script that prints `export K=V` lines on stdout, and returns them as variables.
Dictionary<string, string> ScriptExports(string script)
{
    var exitCode = StartProcess(
        "bash",
        new ProcessSettings { Arguments = script, RedirectStandardOutput = true },
        out IEnumerable<string> output);
    if (exitCode != 0)
    {
        throw new CakeException($"{script} failed (exit code {exitCode}); see its messages above.");
    }
    var env = new Dictionary<string, string>();
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
string LocalPostgres(string verb) => ScriptOutput($"eng/local-postgres.sh {verb}");

// Runs an eng/ script (with its arguments) and returns its last line of output.
string ScriptOutput(string scriptAndArguments)
{
    var exitCode = StartProcess(
        "bash",
        new ProcessSettings { Arguments = scriptAndArguments, RedirectStandardOutput = true },
        out IEnumerable<string> output);
    if (exitCode != 0)
    {
        throw new CakeException($"{scriptAndArguments} failed (exit code {exitCode}); see its messages above.");
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

// Published as a deployment would run it: for this machine, self-contained, with one composite
// ReadyToRun image of the app and the framework (eng/ServerRuntime.props). Run as `dotnet x.dll`,
// the host still loads the runtime published beside it.
FilePath Publish(string project, DirectoryPath output)
{
    DotNetPublish(project, new DotNetPublishSettings
    {
        Configuration = configuration,
        Runtime = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier,
        SelfContained = true,
        OutputDirectory = output,
    });
    return output.CombineWithFilePath(System.IO.Path.GetFileNameWithoutExtension(project) + ".dll");
}

// The API of a git ref (a branch, a tag, a commit), published as Publish publishes the API of this
// checkout, from a worktree of that commit under the state directory, removed after.
FilePath PublishApiOf(string reference, DirectoryPath output)
{
    // A ref is passed on to git and to the runner's command line: a ref's own characters only.
    if (!Regex.IsMatch(reference, "^[A-Za-z0-9][A-Za-z0-9._/~^@-]*$"))
    {
        throw new CakeException($"--ab and --ab-base take a git ref (a branch, a tag or a commit), not '{reference}'.");
    }

    var commit = Git("rev-parse", "--verify", "--end-of-options", reference + "^{commit}").Single();
    var checkout = new DirectoryPath(ScriptOutput("eng/state-dir.sh")).Combine("bench-ab").Combine(output.GetDirectoryName());
    // An interrupted run may have left the worktree, or its registration alone (hence --force).
    RemoveWorktree(checkout);
    Git("worktree", "add", "--force", "--detach", checkout.FullPath, commit);
    try
    {
        return Publish(checkout.CombineWithFilePath("src/Api/Layers.Api.csproj").FullPath, output);
    }
    finally
    {
        RemoveWorktree(checkout);
    }
}

void RemoveWorktree(DirectoryPath checkout)
{
    if (!DirectoryExists(checkout))
    {
        return;
    }

    try
    {
        Git("worktree", "remove", "--force", checkout.FullPath);
    }
    catch (CakeException)
    {
        // Not a worktree git knows of any more: only the directory is left.
        DeleteDirectory(checkout, new DeleteDirectorySettings { Recursive = true, Force = true });
    }
}

IReadOnlyList<string> Git(params string[] arguments)
{
    var builder = new ProcessArgumentBuilder();
    foreach (var argument in arguments)
    {
        builder.AppendQuoted(argument);
    }

    var exitCode = StartProcess("git", new ProcessSettings { Arguments = builder, RedirectStandardOutput = true }, out IEnumerable<string> output);
    var lines = output.ToList();
    if (exitCode != 0)
    {
        throw new CakeException($"git {string.Join(' ', arguments)} failed (exit code {exitCode}); see its messages above.");
    }
    return lines;
}

// PostgreSQL for Run and Cluster (ConnectionStrings__Layers, else the local cluster), migrated and
// seeded with the demo org; returns the environment the API runs with.
Dictionary<string, string> DemoDatabase(out string key, out string influencerId)
{
    var env = new Dictionary<string, string>
    {
        ["ConnectionStrings__Layers"] = EnvironmentVariable("ConnectionStrings__Layers") ?? LocalPostgres("start"),
    };
    var cli = File($"src/Cli/bin/{configuration}/net10.0/Layers.Cli.dll");
    Verb(cli, env, "migrate");
    var seeded = Verb(cli, env, "demo seed .data/demo.json")
        .Select(line => line.Split(": ", 2))
        .Where(pair => pair.Length == 2)
        .ToDictionary(pair => pair[0], pair => pair[1]);
    key = seeded["apiKey"];
    influencerId = seeded["influencerId"];
    return env;
}

void PrintTryIt(string title, string baseUrl, string key, string influencerId) =>
    // Console, not Information: Cake would colour the values, and copying would carry the colour codes.
    Console.WriteLine($$"""

        {{title}}
          API key:        {{key}}
          influencer id:  {{influencerId}}
          reference:      {{baseUrl}}/docs

        export LAYERS_API_KEY={{key}}
        curl -X PATCH {{baseUrl}}/v1/influencers/{{influencerId}} \
          -H "Authorization: Bearer $LAYERS_API_KEY" \
          -H "Content-Type: application/json" \
          -d '{ "brandVoice": "casual", "language": "es-MX" }'

        """);
