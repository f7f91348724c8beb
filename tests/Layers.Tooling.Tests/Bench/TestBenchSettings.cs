using Layers.Bench.Runner;

namespace Layers.Tooling.Tests.Bench;

/// <summary>Settings of a run that never starts: names only, one round of each kind; tests set what they look at.</summary>
internal static class TestBenchSettings
{
    public static BenchSettings Create() => new()
    {
        ConnectionString = "Host=127.0.0.1",
        ApiDll = "api.dll",
        BareDll = "bare.dll",
        WorkDirectory = "work",
        ResultsDirectory = "results",
        WrkScript = "patch.lua",
        Wrk = "wrk",
        Pgbench = "pgbench",
        Rounds = 1,
        ColdRounds = 1,
    };
}
