using Layers.Application.ApiKeys;
using Layers.Domain.Organizations;

namespace Layers.Infrastructure.Persistence.ApiKeys;

/// <summary>Serves key lookups from <see cref="ApiKeyCache"/> when it can be trusted.</summary>
public sealed class CachingApiKeyRepository(ApiKeyRepository keys, ApiKeyCache cache) : IApiKeyRepository
{
    public async Task<StoredApiKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        if (cache.TryGet(keyId, out var cached))
        {
            return cached;
        }

        var generation = cache.Generation;
        var key = await keys.FindAsync(keyId, cancellationToken).ConfigureAwait(false);
        if (key is not null)
        {
            cache.Store(key, generation);
        }

        return key;
    }

    public Task AddAsync(StoredApiKey key, CancellationToken cancellationToken) => keys.AddAsync(key, cancellationToken);

    public Task<IReadOnlyList<StoredApiKey>> ListAsync(OrgId orgId, CancellationToken cancellationToken) =>
        keys.ListAsync(orgId, cancellationToken);

    public async Task<bool> RevokeAsync(string keyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var revoked = await keys.RevokeAsync(keyId, now, cancellationToken).ConfigureAwait(false);

        // This instance need not wait for its own notification.
        cache.Evict(keyId);
        return revoked;
    }
}
