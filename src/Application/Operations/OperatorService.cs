using Layers.Application.ApiKeys;
using Layers.Application.Common.Persistence;
using Layers.Application.Common.Security;
using Layers.Application.Organizations;
using Layers.Application.Projects;
using Layers.Domain.Common;
using Layers.Domain.Organizations;
using Layers.Domain.Projects;

namespace Layers.Application.Operations;

/// <summary>
/// What an operator does from the command line: orgs, projects and API keys. Not reachable over
/// HTTP, so these are plain methods rather than scoped API requests.
/// </summary>
public sealed class OperatorService(
    IOrgRepository orgs,
    IProjectRepository projects,
    IApiKeyRepository keys,
    IUnitOfWork unitOfWork,
    TimeProvider clock)
{
    public async Task<Org> CreateOrgAsync(string slug, CancellationToken cancellationToken)
    {
        if (!OperatorArguments.TryOrgSlug(slug, out var orgSlug, out var invalid))
        {
            throw new OperatorException(invalid);
        }

        if (await orgs.FindBySlugAsync(orgSlug, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new OperatorException($"Org '{slug}' already exists.");
        }

        var org = new Org(OrgId.New(), orgSlug, clock.GetUtcNow());
        await orgs.AddAsync(org, cancellationToken).ConfigureAwait(false);
        return org;
    }

    public async Task<Project> CreateProjectAsync(string orgSlug, string name, CancellationToken cancellationToken)
    {
        var projectName = OperatorArguments.TryName("project", name, out var valid, out var error)
            ? valid
            : throw new OperatorException(error);
        var org = await FindOrgAsync(orgSlug, cancellationToken).ConfigureAwait(false);
        var project = new Project(ProjectId.New(), org.Id, projectName, clock.GetUtcNow());
        await projects.AddAsync(project, cancellationToken).ConfigureAwait(false);
        return project;
    }

    /// <summary>
    /// Stores a new key and commits it only once <paramref name="handOver"/> has returned: when
    /// handing the secret over fails (or the process dies first), the transaction is rolled back
    /// and no key is left active whose secret nobody saw. Called inside a transaction already under
    /// way in the scope (<see cref="IUnitOfWork"/>), the key commits with that instead.
    /// </summary>
    public async Task<IssuedApiKey> CreateKeyAsync(
        string orgSlug,
        IReadOnlyList<string> scopes,
        string name,
        Func<IssuedApiKey, CancellationToken, Task> handOver,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(handOver);
        if (!OperatorArguments.TryScopes(scopes, out var invalidScopes))
        {
            throw new OperatorException(invalidScopes);
        }

        var keyName = OperatorArguments.TryName("key", name, out var valid, out var error)
            ? valid
            : throw new OperatorException(error);
        return await unitOfWork.InTransactionAsync(
            async () =>
            {
                var org = await FindOrgAsync(orgSlug, cancellationToken).ConfigureAwait(false);
                var (token, keyId, hash) = ApiKeyToken.Generate();
                IReadOnlyList<string> distinct = [.. scopes.Distinct(StringComparer.Ordinal)];
                await keys.AddAsync(new StoredApiKey(keyId, org.Id, keyName.Value, distinct, hash, clock.GetUtcNow(), null), cancellationToken).ConfigureAwait(false);
                var issued = new IssuedApiKey(keyId, token, distinct);
                await handOver(issued, cancellationToken).ConfigureAwait(false);
                return issued;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<Org>> ListOrgsAsync(CancellationToken cancellationToken) => orgs.ListAsync(cancellationToken);

    public async Task<IReadOnlyList<ProjectListing>> ListProjectsAsync(string orgSlug, CancellationToken cancellationToken)
    {
        var org = await FindOrgAsync(orgSlug, cancellationToken).ConfigureAwait(false);
        return await projects.ListAsync(org.Id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredApiKey>> ListKeysAsync(string orgSlug, CancellationToken cancellationToken)
    {
        var org = await FindOrgAsync(orgSlug, cancellationToken).ConfigureAwait(false);
        return await keys.ListAsync(org.Id, cancellationToken).ConfigureAwait(false);
    }

    public async Task RevokeKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        if (!await keys.RevokeAsync(keyId, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            throw new OperatorException($"No active key '{keyId}'.");
        }
    }

    private async Task<Org> FindOrgAsync(string slug, CancellationToken cancellationToken) =>
        OrgSlug.TryCreate(slug, out var orgSlug)
        && await orgs.FindBySlugAsync(orgSlug, cancellationToken).ConfigureAwait(false) is { } org
            ? org
            : throw new OperatorException($"Unknown org '{slug}'.");
}
