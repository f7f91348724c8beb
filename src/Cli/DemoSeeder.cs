using System.Collections.Frozen;
using System.Text.Json;
using Layers.Application.ApiKeys;
using Layers.Application.Common.Persistence;
using Layers.Application.Common.Security;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Commands.CreateInfluencer;
using Layers.Application.Operations;
using Layers.Application.Organizations;
using Layers.Application.Projects;
using Layers.Domain.Influencers;
using Layers.Domain.Organizations;
using Layers.Domain.Projects;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Layers.Cli;

/// <summary>
/// Seeds the local demo (org <c>demo</c>, a project, an influencer, a key with every scope) for
/// <c>./build.sh run</c>. Idempotent: what the state file names and still exists is reused, since
/// a key's secret cannot be read back from the database.
/// </summary>
public static class DemoSeeder
{
    public const string OrgSlugValue = "demo";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> SeedAsync(IServiceProvider provider, string stateFile, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(output);
        var state = await ReadStateAsync(stateFile, cancellationToken).ConfigureAwait(false);
        var operators = provider.GetRequiredService<OperatorService>();
        var clock = provider.GetRequiredService<TimeProvider>();

        // One transaction for everything the seed creates, committed only after the state file is
        // written: when the file cannot be written nothing is created, in particular no key whose
        // secret nobody will see. Should the commit fail after the write, the file names rows that
        // do not exist, and the next seed replaces them.
        state = await provider.GetRequiredService<IUnitOfWork>().InTransactionAsync(
            async () =>
            {
                var org = await provider.GetRequiredService<IOrgRepository>().FindBySlugAsync(OrgSlug.Create(OrgSlugValue), cancellationToken).ConfigureAwait(false)
                    ?? await operators.CreateOrgAsync(OrgSlugValue, cancellationToken).ConfigureAwait(false);

                var projectId = ProjectId.TryParse(state.ProjectId, out var savedProject)
                    && await provider.GetRequiredService<IProjectRepository>().ExistsAsync(org.Id, savedProject.Value, cancellationToken).ConfigureAwait(false)
                    ? savedProject.Value
                    : (await operators.CreateProjectAsync(OrgSlugValue, "Demo project", cancellationToken).ConfigureAwait(false)).Id;

                var apiKey = state.ApiKey is { } savedKey
                    && await provider.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync($"Bearer {savedKey}", mayQueryDatabase: static () => true, cancellationToken).ConfigureAwait(false) is { Identity: { } identity }
                    && identity.OrgId == org.Id
                    ? savedKey
                    : (await operators.CreateKeyAsync(OrgSlugValue, Scopes.All, "demo", (_, _) => Task.CompletedTask, cancellationToken).ConfigureAwait(false)).Token;

                var influencers = provider.GetRequiredService<IInfluencerRepository>();
                var influencerId = InfluencerId.TryParse(state.InfluencerId, out var savedInfluencer)
                    && await influencers.FindAsync(org.Id, savedInfluencer.Value, cancellationToken).ConfigureAwait(false) is not null
                    ? savedInfluencer.Value
                    : await CreateInfluencerAsync(provider.GetRequiredService<IMediator>(), org.Id, projectId, cancellationToken).ConfigureAwait(false);

                var seeded = new DemoState { ProjectId = projectId.ToString(), InfluencerId = influencerId.ToString(), ApiKey = apiKey };
                await WriteStateAsync(stateFile, seeded, cancellationToken).ConfigureAwait(false);
                return seeded;
            },
            cancellationToken).ConfigureAwait(false);

        await output.WriteLineAsync($"projectId: {state.ProjectId}").ConfigureAwait(false);
        await output.WriteLineAsync($"influencerId: {state.InfluencerId}").ConfigureAwait(false);
        await output.WriteLineAsync($"apiKey: {state.ApiKey}").ConfigureAwait(false);
        return OperatorCli.Ok;
    }

    private static async Task<DemoState> ReadStateAsync(string stateFile, CancellationToken cancellationToken)
    {
        try
        {
            return File.Exists(stateFile)
                ? JsonSerializer.Deserialize<DemoState>(await File.ReadAllTextAsync(stateFile, cancellationToken).ConfigureAwait(false), JsonOptions) ?? new DemoState()
                : new DemoState();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new OperatorException($"Cannot read the state file '{stateFile}': {exception.Message}", exception);
        }
    }

    private static async Task WriteStateAsync(string stateFile, DemoState state, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(stateFile))!);
            await File.WriteAllTextAsync(stateFile, JsonSerializer.Serialize(state, JsonOptions), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new OperatorException($"Cannot write the state file '{stateFile}': {exception.Message}", exception);
        }
    }

    /// <summary>Through the create use case, acting for the demo org, so the seed gets the rules and defaults any client gets.</summary>
    private static async Task<InfluencerId> CreateInfluencerAsync(IMediator mediator, OrgId orgId, ProjectId projectId, CancellationToken cancellationToken)
    {
        using var operatorForOrg = AmbientCaller.ActAs(new CallerIdentity(orgId, "operator", Scopes.All.ToFrozenSet(StringComparer.Ordinal)));
        var created = await mediator.Send(
            new CreateInfluencerCommand(projectId, InfluencerName.Create("Ava Chen"), Gender.Female) { AgeRange = AgeRange.YoungAdult },
            cancellationToken).ConfigureAwait(false);
        return InfluencerId.TryParse(created.InfluencerId, out var id) ? id.Value : throw new InvalidOperationException("The created influencer has no id.");
    }

    private sealed record DemoState
    {
        public string? ProjectId { get; init; }

        public string? InfluencerId { get; init; }

        public string? ApiKey { get; init; }
    }
}
