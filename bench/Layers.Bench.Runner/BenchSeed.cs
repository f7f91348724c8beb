using System.Collections.Frozen;
using System.Globalization;
using Layers.Application;
using Layers.Application.Common.Security;
using Layers.Application.Influencers.Commands.CreateInfluencer;
using Layers.Application.Organizations;
using Layers.Domain.Influencers;
using Layers.Domain.Organizations;
using Layers.Infrastructure;
using Layers.Infrastructure.Persistence;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Layers.Bench.Runner;

/// <summary>The seeded data a run drives: the key every request sends, pgbench's script arguments, and the PATCHes sent.</summary>
internal sealed record SeededData(string ApiKey, IReadOnlyList<string> PgbenchScriptArguments, Workload Workload);

/// <summary>
/// Seeds the throwaway org <see cref="BenchSettings.Org"/>: migrations, then the org, its project
/// and a key with every scope through the operator verbs, then the influencers through the create
/// use case (with the ids of the scheme every driver draws from), then the pgbench scripts through
/// the bare endpoint's <c>pgbench-scripts</c> verb, which also states the workload.
/// </summary>
internal static class BenchSeed
{
    private const string PgbenchPrefix = "pgbench: ";
    private const string WorkloadPrefix = "workload: ";

    private static readonly Gender[] Genders = [Gender.Male, Gender.Female, Gender.NonBinary];
    private static readonly AgeRange[] AgeRanges = Enum.GetValues<AgeRange>();
    private static readonly BrandVoice[] BrandVoices = Enum.GetValues<BrandVoice>();

    public static async Task<SeededData> RunAsync(BenchSettings settings, IReadOnlyDictionary<string, string> environment)
    {
        const string Org = BenchSettings.Org;
        await RunAsync(settings.ApiDll, environment, "migrate").ConfigureAwait(false);
        await RunAsync(settings.BareDll, environment, "reset", Org).ConfigureAwait(false);
        await RunAsync(settings.ApiDll, environment, "orgs", "create", Org).ConfigureAwait(false);
        var project = (await RunAsync(settings.ApiDll, environment, "projects", "create", "--org", Org, "--name", "Bench").ConfigureAwait(false))[^1];
        var key = (await RunAsync(settings.ApiDll, environment, "keys", "create", "--org", Org, "--scopes", "influencers:read,influencers:write", "--name", "bench").ConfigureAwait(false))[^1];
        await CreateInfluencersAsync(environment["ConnectionStrings__Layers"], project, settings.Influencers).ConfigureAwait(false);
        var seeded = await RunAsync(
            settings.BareDll,
            environment,
            "pgbench-scripts",
            Org,
            settings.Influencers.ToString(CultureInfo.InvariantCulture),
            Path.GetFullPath(Path.Combine(settings.WorkDirectory, "pgbench"))).ConfigureAwait(false);

        // Each line is "pgbench: -D <name>=<value>" or "pgbench: -f <file>@<weight>".
        var scripts = seeded
            .Where(line => line.StartsWith(PgbenchPrefix, StringComparison.Ordinal))
            .SelectMany(line => line[PgbenchPrefix.Length..].Split(' ', 2))
            .ToList();
        var workload = seeded.SingleOrDefault(line => line.StartsWith(WorkloadPrefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException("The bare endpoint's pgbench-scripts verb stated no workload.");
        return new SeededData(key, scripts, Workload.Parse(workload[WorkloadPrefix.Length..]));
    }

    /// <summary>Through the create use case, acting for the bench org: the rules and defaults any client gets.</summary>
    private static async Task CreateInfluencersAsync(string connectionString, string projectIdText, int count)
    {
        await using var services = new ServiceCollection()
            .AddApplication()
            .AddInfrastructure(connectionString, new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:MinPoolSize"] = "0" }).Build())
            .AddSingleton<ICurrentCaller, AmbientCaller>()
            // The create pipeline's idempotency step and its store take loggers; the seed has nothing to log.
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .BuildServiceProvider(validateScopes: true);
        Org? org;
        await using (var lookup = services.CreateAsyncScope())
        {
            org = await lookup.ServiceProvider.GetRequiredService<IOrgRepository>().FindBySlugAsync(OrgSlug.Create(BenchSettings.Org), CancellationToken.None).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The org '{BenchSettings.Org}' was not created.");
        }

        var projectId = ProjectId.TryParse(projectIdText, out var parsed) ? parsed.Value : throw new InvalidOperationException($"Not a project id: '{projectIdText}'.");
        using var actingForTheBenchOrg = AmbientCaller.ActAs(new CallerIdentity(org.Id, "bench", Scopes.All.ToFrozenSet(StringComparer.Ordinal)));
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (index, cancellationToken) =>
        {
            var number = BenchSettings.FirstNumber + index;

            // A scope per create, as per request: each has its own unit of work.
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
                new CreateInfluencerCommand(projectId, InfluencerName.Create($"Bench {number}"), Genders[index % Genders.Length])
                {
                    Id = InfluencerId.TryParse(BenchSettings.InfluencerId(number), out var id) ? id : throw new InvalidOperationException($"Not an id: {number}."),
                    AgeRange = AgeRanges[index % AgeRanges.Length],
                    BrandVoice = BrandVoices[index % BrandVoices.Length],
                },
                cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static async Task<string[]> RunAsync(string dll, IReadOnlyDictionary<string, string> environment, params string[] verb)
    {
        var output = await ToolProcess.RunAsync("dotnet", [Path.GetFullPath(dll), .. verb], environment).ConfigureAwait(false);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
