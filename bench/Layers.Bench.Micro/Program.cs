using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Layers.Bench.Micro -- --filter '*'
// CI runs the same with --job Dry --inProcess: each benchmark once, so that they cannot rot.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Layers.Bench.Micro.PatchPathBenchmarks).Assembly).Run(args);

// BenchmarkDotNet reports a failing benchmark in its summary but still exits 0.
return summaries.Any() && summaries.All(summary => !summary.HasCriticalValidationErrors && summary.Reports.Length > 0 && summary.Reports.All(report => report.Success))
    ? 0
    : 1;
