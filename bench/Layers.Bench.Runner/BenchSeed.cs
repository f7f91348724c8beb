namespace Layers.Bench.Runner;

/// <summary>The seeded data a run drives: the key every request sends, and pgbench's script arguments.</summary>
internal sealed record SeededData(string ApiKey, IReadOnlyList<string> PgbenchScriptArguments);

/// <summary>
/// Seeds the throwaway org <see cref="BenchSettings.Org"/>: migrations, then the org, its project
/// and a key with every scope through the API's operator verbs, then the influencers and the
/// pgbench scripts through the bare endpoint's <c>seed</c> verb. Kept apart so that how
/// influencers are created can change here alone.
/// </summary>
internal static class BenchSeed
{
    private const string PgbenchPrefix = "pgbench: ";

    public static async Task<SeededData> RunAsync(BenchSettings settings, IReadOnlyDictionary<string, string> environment)
    {
        const string Org = BenchSettings.Org;
        await RunAsync(settings.ApiDll, environment, "migrate").ConfigureAwait(false);
        await RunAsync(settings.BareDll, environment, "reset", Org).ConfigureAwait(false);
        await RunAsync(settings.ApiDll, environment, "orgs", "create", Org).ConfigureAwait(false);
        await RunAsync(settings.ApiDll, environment, "projects", "create", "--org", Org, "--name", "Bench").ConfigureAwait(false);
        var key = (await RunAsync(settings.ApiDll, environment, "keys", "create", "--org", Org, "--scopes", "influencers:read,influencers:write", "--name", "bench").ConfigureAwait(false))[^1];
        var seeded = await RunAsync(
            settings.BareDll,
            environment,
            "seed",
            Org,
            settings.Influencers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Path.GetFullPath(Path.Combine(settings.WorkDirectory, "pgbench"))).ConfigureAwait(false);

        // Each line is "pgbench: -f <file>@<weight>".
        var scripts = seeded
            .Where(line => line.StartsWith(PgbenchPrefix, StringComparison.Ordinal))
            .SelectMany(line => line[PgbenchPrefix.Length..].Split(' ', 2))
            .ToList();
        return new SeededData(key, scripts);
    }

    private static async Task<string[]> RunAsync(string dll, IReadOnlyDictionary<string, string> environment, params string[] verb)
    {
        var output = await ToolProcess.RunAsync("dotnet", [Path.GetFullPath(dll), .. verb], environment).ConfigureAwait(false);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
