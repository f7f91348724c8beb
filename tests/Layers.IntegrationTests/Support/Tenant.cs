using System.Collections.Frozen;
using Layers.Application.ApiKeys;
using Layers.Application.Common.Security;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Commands.CreateInfluencer;
using Layers.Application.Organizations;
using Layers.Application.Projects;
using Layers.Domain.Common;
using Layers.Domain.Influencers;
using Layers.Domain.Organizations;
using Layers.Domain.Projects;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Layers.IntegrationTests.Support;

// Testcontainers brings BouncyCastle, whose root namespace is also called Org.
using Org = Layers.Domain.Organizations.Org;

/// <summary>A fresh org with one project, made through the real repositories, for one test.</summary>
public sealed class Tenant
{
    private readonly LayersFixture fixture;

    private Tenant(LayersFixture fixture, Org org, Project project)
    {
        this.fixture = fixture;
        Org = org;
        Project = project;
    }

    public Org Org { get; }

    public Project Project { get; }

    public static async Task<Tenant> CreateAsync(LayersFixture fixture)
    {
        var now = DateTimeOffset.UtcNow;
        var org = new Org(OrgId.New(), OrgSlug.Create($"org-{Guid.NewGuid():N}"), now);
        await fixture.Services.GetRequiredService<IOrgRepository>().AddAsync(org, CancellationToken.None);
        var project = new Project(ProjectId.New(), org.Id, DisplayName.Create("Launch"), now);
        await fixture.Services.GetRequiredService<IProjectRepository>().AddAsync(project, CancellationToken.None);
        return new Tenant(fixture, org, project);
    }

    /// <summary>Another project of this org.</summary>
    public async Task<Project> CreateProjectAsync(string name = "Another")
    {
        var project = new Project(ProjectId.New(), Org.Id, DisplayName.Create(name), DateTimeOffset.UtcNow);
        await fixture.Services.GetRequiredService<IProjectRepository>().AddAsync(project, CancellationToken.None);
        return project;
    }

    /// <summary>Issues a key of this org and returns the secret token a client would send.</summary>
    public async Task<string> CreateKeyAsync(params string[] scopes)
    {
        var (token, keyId, hash) = ApiKeyToken.Generate();
        var key = new StoredApiKey(keyId, Org.Id, "test", scopes.Length == 0 ? Scopes.All : scopes, hash, DateTimeOffset.UtcNow, null);
        await fixture.Services.GetRequiredService<IApiKeyRepository>().AddAsync(key, CancellationToken.None);
        return token;
    }

    /// <summary>Revokes the key behind <paramref name="token"/> the way an operator does.</summary>
    public async Task RevokeKeyAsync(string token)
    {
        Assert.True(ApiKeyToken.TryParse(token, out var keyId, out _));
        Assert.True(await fixture.Services.GetRequiredService<IApiKeyRepository>().RevokeAsync(keyId, DateTimeOffset.UtcNow, CancellationToken.None));
    }

    public async Task<HttpClient> ClientAsync(params string[] scopes) => fixture.CreateClient(await CreateKeyAsync(scopes));

    /// <summary>
    /// An influencer created through the create use case, acting for this org, with known values:
    /// Ava Chen, female, young_adult, authentic, en. Returned as stored.
    /// </summary>
    public async Task<Influencer> CreateInfluencerAsync(string name = "Ava Chen", AgeRange? ageRange = AgeRange.YoungAdult)
    {
        using var actingForThisOrg = AmbientCaller.ActAs(new CallerIdentity(Org.Id, "tenant", Scopes.All.ToFrozenSet(StringComparer.Ordinal)));
        await using var scope = fixture.UseCases.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
            new CreateInfluencerCommand(Project.Id, InfluencerName.Create(name), Gender.Female)
            {
                AgeRange = ageRange,
                BrandVoice = BrandVoice.Authentic,
                Language = LanguageTag.Create("en"),
            },
            CancellationToken.None);
        Assert.True(InfluencerId.TryParse(created.InfluencerId, out var id));
        return await fixture.Services.GetRequiredService<IInfluencerRepository>().FindAsync(Org.Id, id.Value, CancellationToken.None)
            ?? throw new InvalidOperationException("The created influencer was not found.");
    }
}
