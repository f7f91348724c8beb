using System.CommandLine;
using Layers.Bench.Runner;

// ./build.sh bench publishes the servers, starts the local database and the load tools
// (eng/local-postgres.sh, eng/bench-tools.sh), then runs this from the repository root.
var api = new Option<string>("--api") { Description = "The published API (Layers.Api.dll).", Required = true };
var bare = new Option<string>("--bare") { Description = "The published bare endpoint (Layers.Bench.Bare.dll).", Required = true };
var work = new Option<string>("--work") { Description = "Scratch directory for pgbench's scripts and logs and the servers' output (logs/); emptied first.", DefaultValueFactory = _ => "artifacts/bench/run" };
var results = new Option<string>("--results") { Description = "Where latest.md and latest.json are written.", DefaultValueFactory = _ => "bench/results" };
var script = new Option<string>("--wrk-script") { Description = "The wrk script that sends the PATCHes.", DefaultValueFactory = _ => "bench/patch.lua" };
var postmasterPid = new Option<string?>("--postmaster-pid") { Description = "postmaster.pid of the local cluster, whose CPU is then measured." };
var micro = new Option<string?>("--micro") { Description = "The micro-benchmarks' project (Layers.Bench.Micro.csproj), whose in-process PATCH path is then measured for real first." };
var rounds = Odd(Positive(new Option<int>("--rounds") { Description = "Steady-state rounds of the HTTP targets (API, API as shipped, bare), or paired rounds of A and B with --api-b; odd so that the median is one of them.", DefaultValueFactory = _ => 3 }));
var seconds = Positive(new Option<int>("--seconds") { Description = "Measured seconds per steady-state run.", DefaultValueFactory = _ => 15 });
var warmUp = Positive(new Option<int>("--warm-up") { Description = "Warm-up seconds before each steady-state run.", DefaultValueFactory = _ => 30 });
var coldRounds = Odd(Positive(new Option<int>("--cold-rounds") { Description = "Cold-start rounds of the API and the bare endpoint (of A and B with --api-b), odd.", DefaultValueFactory = _ => 5 }));
var coldSeconds = Positive(new Option<int>("--cold-seconds") { Description = "Seconds of full load right after a cold start's first 200.", DefaultValueFactory = _ => 10 });
var connections = Positive(new Option<int>("--connections") { Description = "Concurrent connections of wrk and pgbench.", DefaultValueFactory = _ => 32 });
var apiB = new Option<string?>("--api-b") { Description = "A/B mode: ref B's published API, compared with --api's (ref A) in paired rounds instead of the benchmark." };
var refA = new Option<string>("--ref-a") { Description = "A/B mode: the git ref --api was published from, named in the report.", DefaultValueFactory = _ => "HEAD" };
var refB = new Option<string>("--ref-b") { Description = "A/B mode: the git ref --api-b was published from, named in the report." };
var abAsShipped = new Option<bool>("--as-shipped") { Description = "A/B mode: also compare in the as-shipped row's configuration (default logging, rate limits on)." };
var influencers = Positive(new Option<int>("--influencers") { Description = "Influencers seeded in the org 'bench'.", DefaultValueFactory = _ => 10_000 });

var command = new RootCommand("PATCH cost of the API against a bare Npgsql endpoint and pgbench, steady and from cold, or with --api-b of one published API against another (docs/performance.md). "
    + "Reads ConnectionStrings__Layers, and LAYERS_BENCH_WRK and LAYERS_BENCH_PGBENCH (else wrk and pgbench from PATH).")
{
    api, bare, work, results, script, postmasterPid, micro, rounds, seconds, warmUp, coldRounds, coldSeconds, connections, influencers, apiB, refA, refB, abAsShipped,
};
command.Validators.Add(result =>
{
    if (result.GetValue(apiB) is null && (result.GetResult(refB) is not null || result.GetValue(abAsShipped)))
    {
        result.AddError("--ref-b and --as-shipped go with --api-b.");
    }
    else if (result.GetValue(apiB) is not null && string.IsNullOrWhiteSpace(result.GetValue(refB)))
    {
        result.AddError("--api-b needs --ref-b, the ref it was published from.");
    }
});
command.SetAction(async (parse, _) =>
{
    var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Layers");
    if (string.IsNullOrEmpty(connectionString))
    {
        await Console.Error.WriteLineAsync("Set the connection string ConnectionStrings__Layers.").ConfigureAwait(false);
        return 2;
    }

    var settings = new BenchSettings
    {
        ConnectionString = connectionString,
        ApiDll = parse.GetRequiredValue(api),
        BareDll = parse.GetRequiredValue(bare),
        WorkDirectory = parse.GetRequiredValue(work),
        ResultsDirectory = parse.GetRequiredValue(results),
        WrkScript = parse.GetRequiredValue(script),
        Wrk = Tool("LAYERS_BENCH_WRK", "wrk"),
        Pgbench = Tool("LAYERS_BENCH_PGBENCH", "pgbench"),
        PostmasterPidFile = parse.GetValue(postmasterPid),
        MicroProject = parse.GetValue(micro),
        Rounds = parse.GetValue(rounds),
        Seconds = parse.GetValue(seconds),
        WarmUpSeconds = parse.GetValue(warmUp),
        ColdRounds = parse.GetValue(coldRounds),
        ColdSeconds = parse.GetValue(coldSeconds),
        Connections = parse.GetValue(connections),
        Influencers = parse.GetValue(influencers),
    };
    return parse.GetValue(apiB) is { } apiBDll
        ? await new AbRun(settings, new AbSettings(apiBDll, parse.GetRequiredValue(refA), parse.GetRequiredValue(refB), parse.GetValue(abAsShipped))).RunAsync().ConfigureAwait(false)
        : await new BenchRun(settings).RunAsync().ConfigureAwait(false);
});
return await command.Parse(args).InvokeAsync().ConfigureAwait(false);

static Option<int> Positive(Option<int> option)
{
    option.Validators.Add(result =>
    {
        if (result.GetValueOrDefault<int>() < 1)
        {
            result.AddError($"{option.Name} must be a positive whole number.");
        }
    });
    return option;
}

static Option<int> Odd(Option<int> option)
{
    option.Validators.Add(result =>
    {
        if (result.GetValueOrDefault<int>() % 2 == 0)
        {
            result.AddError($"{option.Name} must be odd.");
        }
    });
    return option;
}

static string Tool(string variable, string name) =>
    Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path ? path : name;
