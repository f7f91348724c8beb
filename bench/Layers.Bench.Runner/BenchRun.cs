using System.Globalization;

namespace Layers.Bench.Runner;

/// <summary>
/// One benchmark: seed; check that the API and the bare endpoint answer the workload identically;
/// the steady state of the HTTP targets under wrk in rotating rounds, then pgbench; the cold starts
/// of the API and the bare endpoint in alternating rounds; then the report. Fails only when a run
/// is invalid (the two servers answering differently, a server refusing the benchmark's PATCH,
/// errors under load), not on missed targets: on a shared machine the figures are noisy, and the
/// ratios are what a reader compares.
/// </summary>
internal sealed class BenchRun(BenchSettings settings)
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
        var progress = new BenchProgress(BenchProgress.Plan(settings, settings.MicroProject is not null), () => sinceStart.Elapsed, Console.WriteLine);
        MicroResult? micro = null;
        if (settings.MicroProject is { } microProject)
        {
            progress.Next();
            micro = await MicroBenchmark.RunAsync(microProject, Path.Combine(settings.WorkDirectory, "micro")).ConfigureAwait(false);
        }

        var quiet = servers.QuietEnvironment();
        var api = new HttpTarget(TargetNames.Api, settings.ApiDll, quiet);
        var bare = new HttpTarget(TargetNames.Bare, settings.BareDll, quiet);
        var asShipped = new HttpTarget(TargetNames.AsShipped, settings.ApiDll, servers.AsShippedEnvironment());

        progress.Next();
        var seeded = await BenchSeed.RunAsync(settings, quiet).ConfigureAwait(false);
        try
        {
            await servers.CheckAnswersAsync(api, bare, seeded).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }

        HttpTarget[] httpTargets = [api, asShipped, bare];
        var rounds = await servers.RunRoundsAsync(round => RoundOrder.Rotate(httpTargets, round), seeded, progress).ConfigureAwait(false);

        var results = new List<BenchResult>();
        results.AddRange(httpTargets.Select(target => Statistics.MedianRound([.. rounds.Select(round => round.Of(target.Name))])));
        progress.Next();
        results.Add(await servers.RunPgbenchAsync(seeded.PgbenchScriptArguments).ConfigureAwait(false));

        HttpTarget[] coldTargets = [api, bare];
        var coldRounds = new List<ColdRound>();
        for (var round = 0; round < settings.ColdRounds; round++)
        {
            progress.Next();
            var runs = new List<ColdRun>();
            foreach (var target in RoundOrder.Rotate(coldTargets, round))
            {
                Console.WriteLine($"  {target.Name}");
                runs.Add(await servers.RunColdAsync(target, seeded, round).ConfigureAwait(false));
            }

            coldRounds.Add(new ColdRound(runs));
        }

        var cold = coldTargets.Select(target => Statistics.MedianCold([.. coldRounds.Select(round => round.Of(target.Name))])).ToList();
        var report = BenchReport.Create(results, rounds, cold, coldRounds, Targets.Evaluate(rounds, coldRounds, micro), await ContextAsync().ConfigureAwait(false));
        Console.WriteLine(report.Markdown);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {(int)sinceStart.Elapsed.TotalMinutes}:{sinceStart.Elapsed.Seconds:D2}"));
        Directory.CreateDirectory(settings.ResultsDirectory);
        await File.WriteAllTextAsync(Path.Combine(settings.ResultsDirectory, "latest.md"), report.Markdown).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(settings.ResultsDirectory, "latest.json"), report.Json).ConfigureAwait(false);

        var invalid = results.Select(result => (Name: result.Name, Errors: result.Errors))
            .Concat(coldRounds.SelectMany(round => round.Runs).Select(run => (Name: $"{run.Name} from cold", Errors: run.Errors)))
            .Where(run => run.Errors > 0)
            .Select(run => $"{run.Name}: {run.Errors} errors")
            .ToList();
        if (invalid.Count > 0)
        {
            await Console.Error.WriteLineAsync($"Errors under load make the run invalid: {string.Join("; ", invalid)}.").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }

    private async Task<RunContext> ContextAsync() =>
        new(DateTime.UtcNow, await RunFacts.CommitAsync("HEAD").ConfigureAwait(false), Environment.ProcessorCount, await RunFacts.LoadAverageAsync().ConfigureAwait(false), settings, servers.PostgresCpuMeasured);
}
