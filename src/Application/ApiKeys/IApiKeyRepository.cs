using Layers.Domain.Organizations;

namespace Layers.Application.ApiKeys;

public interface IApiKeyRepository
{
    /// <summary>
    /// Read on every request; an implementation may cache only if a revocation or creation on any
    /// instance evicts the id everywhere at once.
    /// </summary>
    Task<StoredApiKey?> FindAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>
    /// True when the id's state is known without the database: <paramref name="key"/> is then the
    /// key, or null for an id known to be unknown or revoked.
    /// </summary>
    bool TryFindInMemory(string keyId, out StoredApiKey? key);

    Task AddAsync(StoredApiKey key, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredApiKey>> ListAsync(OrgId orgId, CancellationToken cancellationToken);

    /// <summary>False when no such key exists or it was already revoked.</summary>
    Task<bool> RevokeAsync(string keyId, DateTimeOffset now, CancellationToken cancellationToken);
}
