using System.Text.Json;

namespace Layers.Bench.Runner;

/// <summary>The in-process PATCH path's cost as BenchmarkDotNet measured it: mean time and bytes allocated per operation.</summary>
internal sealed record MicroResult(double MeanNanoseconds, double AllocatedBytes);

/// <summary>
/// Runs the micro-benchmark of the whole in-process PATCH path (Layers.Bench.Micro,
/// PatchPathBenchmarks.WholePathAsync) with BenchmarkDotNet's default job, for real, and reads its
/// JSON report.
/// </summary>
internal static class MicroBenchmark
{
    public const string Method = "WholePathAsync";

    public static async Task<MicroResult> RunAsync(string project, string artifacts)
    {
        await ToolProcess.RunAsync(
            "dotnet",
            ["run", "-c", "Release", "--project", project, "--", "--filter", $"*PatchPathBenchmarks.{Method}", "--exporters", "json", "--artifacts", Path.GetFullPath(artifacts)])
            .ConfigureAwait(false);
        var report = Directory.EnumerateFiles(Path.Combine(artifacts, "results"), "*PatchPathBenchmarks*.json").Single();
        return Parse(await File.ReadAllTextAsync(report).ConfigureAwait(false));
    }

    /// <summary>The <see cref="Method"/> benchmark of a BenchmarkDotNet JSON report.</summary>
    public static MicroResult Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var benchmark = document.RootElement.GetProperty("Benchmarks").EnumerateArray()
            .SingleOrDefault(entry => entry.GetProperty("Method").GetString() == Method);
        if (benchmark.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"The micro-benchmarks' report has no {Method}.");
        }

        return new MicroResult(
            benchmark.GetProperty("Statistics").GetProperty("Mean").GetDouble(),
            benchmark.GetProperty("Memory").GetProperty("BytesAllocatedPerOperation").GetDouble());
    }
}
