using System.CommandLine;
using Layers.Bench.Runner;

// ./build.sh bench publishes the servers, starts the local database and the load tools
// (eng/local-postgres.sh, eng/bench-tools.sh), then runs this from the repository root.
var api = new Option<string>("--api") { Description = "The published API (Layers.Api.dll).", Required = true };
var bare = new Option<string>("--bare") { Description = "The published bare endpoint (Layers.Bench.Bare.dll).", Required = true };
var work = new Option<string>("--work") { Description = "Scratch directory for pgbench's scripts and logs; emptied first.", DefaultValueFactory = _ => "artifacts/bench/run" };
var results = new Option<string>("--results") { Description = "Where latest.md and latest.json are written.", DefaultValueFactory = _ => "bench/results" };
var script = new Option<string>("--wrk-script") { Description = "The wrk script that sends the PATCHes.", DefaultValueFactory = _ => "bench/patch.lua" };
var postmasterPid = new Option<string?>("--postmaster-pid") { Description = "postmaster.pid of the local cluster, whose CPU is then measured." };
var rounds = Positive(new Option<int>("--rounds") { Description = "Rounds of API and bare, odd so that the median is one of them.", DefaultValueFactory = _ => 5 });
var seconds = Positive(new Option<int>("--seconds") { Description = "Measured seconds per run.", DefaultValueFactory = _ => 15 });
var warmUp = Positive(new Option<int>("--warm-up") { Description = "Warm-up seconds before each run.", DefaultValueFactory = _ => 5 });
var connections = Positive(new Option<int>("--connections") { Description = "Concurrent connections of wrk and pgbench.", DefaultValueFactory = _ => 32 });
var influencers = Positive(new Option<int>("--influencers") { Description = "Influencers seeded in the org 'bench'.", DefaultValueFactory = _ => 10_000 });
rounds.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() % 2 == 0)
    {
        result.AddError("--rounds must be odd.");
    }
});

var command = new RootCommand("PATCH throughput of the API against a bare Npgsql endpoint and pgbench (README, \"Benchmark\"). "
    + "Reads ConnectionStrings__Layers, and LAYERS_BENCH_WRK and LAYERS_BENCH_PGBENCH (else wrk and pgbench from PATH).")
{
    api, bare, work, results, script, postmasterPid, rounds, seconds, warmUp, connections, influencers,
};
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
        Rounds = parse.GetValue(rounds),
        Seconds = parse.GetValue(seconds),
        WarmUpSeconds = parse.GetValue(warmUp),
        Connections = parse.GetValue(connections),
        Influencers = parse.GetValue(influencers),
    };
    return await new BenchRun(settings).RunAsync().ConfigureAwait(false);
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

static string Tool(string variable, string name) =>
    Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path ? path : name;
