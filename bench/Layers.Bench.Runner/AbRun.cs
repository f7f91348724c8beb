using System.Globalization;

namespace Layers.Bench.Runner;

/// <summary>What an A/B comparison compares: the published API of ref B against that of ref A (the settings' API).</summary>
internal sealed record AbSettings(string ApiBDll, string RefA, string RefB, bool AsShipped);

/// <summary>
/// The published API of one ref (B) against another's (A): seed; paired steady-state rounds in the
/// API row's configuration (and the as-shipped row's when asked), A and B taking turns to go first;
/// paired cold starts; then the verdicts (<see cref="AbFigure"/>) in
/// bench/results/ab-&lt;ref A&gt;-&lt;ref B&gt;-&lt;date&gt;.md. The runs are the benchmark's own
/// (<see cref="ServerRuns"/>). Fails only when a run is invalid (a server refusing the benchmark's
/// PATCH, errors under load), not on the verdicts.
/// </summary>
internal sealed class AbRun(BenchSettings settings, AbSettings ab)
{
    private readonly ServerRuns servers = new(settings);

    public async Task<int> RunAsync()
    {
        if (Directory.Exists(settings.WorkDirectory))
        {
            Directory.Delete(settings.WorkDirectory, recursive: true);
        }

        Directory.CreateDirectory(settings.WorkDirectory);
        var sinceStart = System.Diagnostics.Stopwatch.StartNew();
        var progress = new BenchProgress(BenchProgress.PlanAb(settings, ab.AsShipped), () => sinceStart.Elapsed, Console.WriteLine);
        var quiet = servers.QuietEnvironment();
        var a = new HttpTarget(AbNames.A, settings.ApiDll, quiet);
        var b = new HttpTarget(AbNames.B, ab.ApiBDll, quiet);
        List<IReadOnlyList<HttpTarget>> configurations = [[a, b]];
        if (ab.AsShipped)
        {
            var asShipped = servers.AsShippedEnvironment();
            configurations.Add([new HttpTarget(AbNames.AAsShipped, settings.ApiDll, asShipped), new HttpTarget(AbNames.BAsShipped, ab.ApiBDll, asShipped)]);
        }

        progress.Next();
        var seeded = await BenchSeed.RunAsync(settings, quiet).ConfigureAwait(false);
        var rounds = await servers.RunRoundsAsync(round => AbComparison.Schedule(configurations, round), seeded, progress).ConfigureAwait(false);

        var coldRounds = new List<ColdRound>();
        for (var round = 0; round < settings.ColdRounds; round++)
        {
            progress.Next();
            var runs = new List<ColdRun>();
            foreach (var target in RoundOrder.Rotate([a, b], round))
            {
                Console.WriteLine($"  {target.Name}");
                runs.Add(await servers.RunColdAsync(target, seeded, round).ConfigureAwait(false));
            }

            coldRounds.Add(new ColdRound(runs));
        }

        var context = new AbContext(
            DateTime.UtcNow,
            ab.RefA,
            await RunFacts.CommitAsync(ab.RefA).ConfigureAwait(false),
            ab.RefB,
            await RunFacts.CommitAsync(ab.RefB).ConfigureAwait(false),
            Environment.ProcessorCount,
            await RunFacts.LoadAverageAsync().ConfigureAwait(false),
            settings,
            ab.AsShipped,
            servers.PostgresCpuMeasured);
        var report = AbReport.Create(AbComparison.Evaluate(rounds, coldRounds, ab.AsShipped, settings.ColdSeconds), rounds, coldRounds, context);
        Console.WriteLine(report);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {(int)sinceStart.Elapsed.TotalMinutes}:{sinceStart.Elapsed.Seconds:D2}"));
        Directory.CreateDirectory(settings.ResultsDirectory);
        var path = Path.Combine(settings.ResultsDirectory, AbReport.FileName(context));
        await File.WriteAllTextAsync(path, report).ConfigureAwait(false);
        Console.WriteLine($"written to {path}");

        var invalid = rounds.SelectMany(round => round.Runs).Select(run => (run.Name, run.Errors))
            .Concat(coldRounds.SelectMany(round => round.Runs).Select(run => (Name: $"{run.Name} from cold", run.Errors)))
            .GroupBy(run => run.Name, run => run.Errors)
            .Where(runs => runs.Sum() > 0)
            .Select(runs => $"{runs.Key}: {runs.Sum()} errors")
            .ToList();
        if (invalid.Count > 0)
        {
            await Console.Error.WriteLineAsync($"Errors under load make the comparison invalid: {string.Join("; ", invalid)}.").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }
}
