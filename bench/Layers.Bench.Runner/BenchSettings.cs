namespace Layers.Bench.Runner;

/// <summary>What one benchmark run measures and with what; see Program.cs for each option.</summary>
internal sealed record BenchSettings
{
    public const string Org = "bench";

    /// <summary>The first seeded influencer's number (BenchDatabase.FirstNumber in Layers.Bench.Bare).</summary>
    public const int FirstNumber = 100_001;

    public required string ConnectionString { get; init; }

    public required string ApiDll { get; init; }

    public required string BareDll { get; init; }

    public required string WorkDirectory { get; init; }

    public required string ResultsDirectory { get; init; }

    public required string WrkScript { get; init; }

    public required string Wrk { get; init; }

    public required string Pgbench { get; init; }

    /// <summary>The local cluster's postmaster.pid, whose processes' CPU is measured; null for another database.</summary>
    public string? PostmasterPidFile { get; init; }

    /// <summary>The micro-benchmarks' project, whose in-process PATCH path is then measured; null to skip it.</summary>
    public string? MicroProject { get; init; }

    public int Rounds { get; init; } = 3;

    public int Seconds { get; init; } = 15;

    public int WarmUpSeconds { get; init; } = 30;

    public int ColdRounds { get; init; } = 5;

    public int ColdSeconds { get; init; } = 10;

    public int Connections { get; init; } = 32;

    public int Influencers { get; init; } = 10_000;

    public static string InfluencerId(int number) => $"inf_00000000-0000-4000-8000-{number:D12}";
}
