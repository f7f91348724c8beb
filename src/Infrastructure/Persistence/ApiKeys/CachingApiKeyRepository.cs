using Layers.Application.ApiKeys;
using Layers.Domain.Organizations;

namespace Layers.Infrastructure.Persistence.ApiKeys;

/// <summary>
/// Serves key lookups from <see cref="ApiKeyCache"/> when it can be trusted. A lookup counts as a
/// hit when memory answers it and as a miss when it reads the database; a caller that only asks
/// memory and is told no (<see cref="TryFindInMemory"/>) has looked nothing up yet.
/// </summary>
public sealed class CachingApiKeyRepository(ApiKeyRepository keys, ApiKeyCache cache, ApiKeyCacheMetrics metrics) : IApiKeyRepository
{
    public async Task<StoredApiKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        if (cache.TryGet(keyId, out var cached))
        {
            metrics.Hit();
            return cached;
        }

        metrics.Miss();
        var generation = cache.Generation;
        var key = await keys.FindAsync(keyId, cancellationToken).ConfigureAwait(false);
        cache.Store(keyId, key, generation);
        return key;
    }

    public bool TryFindInMemory(string keyId, out StoredApiKey? key)
    {
        if (!cache.TryGet(keyId, out key))
        {
            return false;
        }

        metrics.Hit();
        return true;
    }

    public async Task AddAsync(StoredApiKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await keys.AddAsync(key, cancellationToken).ConfigureAwait(false);

        // An id remembered as unknown names a key from now on; other instances hear it by notification.
        cache.Evict(key.KeyId);
    }

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
