using Layers.Domain.Organizations;

namespace Layers.Application.ApiKeys;

public interface IApiKeyRepository
{
    /// <summary>
    /// Read on every request; an implementation may cache only if a revocation on any instance
    /// evicts the key everywhere at once.
    /// </summary>
    Task<StoredApiKey?> FindAsync(string keyId, CancellationToken cancellationToken);

    Task AddAsync(StoredApiKey key, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredApiKey>> ListAsync(OrgId orgId, CancellationToken cancellationToken);

    /// <summary>False when no such key exists or it was already revoked.</summary>
    Task<bool> RevokeAsync(string keyId, DateTimeOffset now, CancellationToken cancellationToken);
}
