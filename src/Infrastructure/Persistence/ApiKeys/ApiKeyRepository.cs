using Dapper;
using Layers.Application.ApiKeys;
using Layers.Domain.Organizations;
using Npgsql;

namespace Layers.Infrastructure.Persistence.ApiKeys;

/// <summary>The api_keys table; <see cref="CachingApiKeyRepository"/> puts a cache in front of it.</summary>
public sealed class ApiKeyRepository(DbSession session) : IApiKeyRepository
{
    /// <summary>
    /// The PostgreSQL notification channel that carries the id of each key created or revoked, so
    /// that every instance's cache forgets what it knew of that id.
    /// </summary>
    public const string ChangeChannel = "api_key_changed";

    private const string Columns = """
        key_id AS KeyId, org_id AS OrgId, name AS Name, scopes AS Scopes, secret_hash AS SecretHash,
        created_at AS CreatedAt, revoked_at AS RevokedAt
        """;

    /// <summary>
    /// A fresh instance's first request runs this, so its parameter is bound by position: that
    /// request does not wait for Dapper to emit a reader of an anonymous type's properties.
    /// </summary>
    public async Task<StoredApiKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT {Columns}
            FROM api_keys
            WHERE key_id = $1
            """;
        return await session.RunAsync(
            async connection =>
            {
                var row = await connection.QueryFirstOrDefaultAsync<ApiKeyRow>(
                    new CommandDefinition(sql, new PositionalParameters(1).Add(keyId))).ConfigureAwait(false);
                return row?.ToStoredKey();
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Nothing is kept in memory here; see <see cref="CachingApiKeyRepository"/>.</summary>
    public bool TryFindInMemory(string keyId, out StoredApiKey? key)
    {
        key = null;
        return false;
    }

    public async Task AddAsync(StoredApiKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        const string sql = $"""
            WITH added AS (
                INSERT INTO api_keys (org_id, key_id, name, scopes, secret_hash, created_at, revoked_at)
                VALUES (@OrgId, @KeyId, @Name, @Scopes, @SecretHash, @CreatedAt, @RevokedAt)
                RETURNING key_id
            )
            SELECT count(pg_notify('{ChangeChannel}', key_id)) FROM added
            """;
        await session.RunAsync(
            async connection =>
            {
                await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, new
                {
                    OrgId = key.OrgId.Value,
                    key.KeyId,
                    key.Name,
                    Scopes = key.Scopes.ToArray(),
                    SecretHash = key.SecretHash.ToArray(),
                    key.CreatedAt,
                    key.RevokedAt,
                })).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredApiKey>> ListAsync(OrgId orgId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT {Columns}
            FROM api_keys
            WHERE org_id = @OrgId
            ORDER BY created_at, key_id
            """;
        return await session.RunAsync(
            async connection =>
            {
                var rows = await connection.QueryAsync<ApiKeyRow>(
                    new CommandDefinition(sql, new { OrgId = orgId.Value })).ConfigureAwait(false);
                return (IReadOnlyList<StoredApiKey>)[.. rows.Select(row => row.ToStoredKey())];
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RevokeAsync(string keyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The notification is delivered to every API instance when the revocation commits, so
        // their key caches drop the key at once.
        const string sql = $"""
            WITH revoked AS (
                UPDATE api_keys SET revoked_at = @Now
                WHERE key_id = @KeyId AND revoked_at IS NULL
                RETURNING key_id
            )
            SELECT count(pg_notify('{ChangeChannel}', key_id)) FROM revoked
            """;
        return await session.RunAsync(
            async connection =>
            {
                var revoked = await connection.ExecuteScalarAsync<long>(
                    new CommandDefinition(sql, new { KeyId = keyId, Now = now })).ConfigureAwait(false);
                return revoked > 0;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Settable, because Dapper reads <c>text[]</c> as <see cref="Array"/> and cannot match a constructor.</summary>
    private sealed class ApiKeyRow
    {
        public required string KeyId { get; init; }

        public required Guid OrgId { get; init; }

        public required string Name { get; init; }

        public required string[] Scopes { get; init; }

        public required byte[] SecretHash { get; init; }

        public required DateTime CreatedAt { get; init; }

        public DateTime? RevokedAt { get; init; }

        public StoredApiKey ToStoredKey() => new(
            KeyId,
            new OrgId(OrgId),
            Name,
            Scopes,
            SecretHash,
            DbTime.Utc(CreatedAt),
            RevokedAt is { } revokedAt ? DbTime.Utc(revokedAt) : null);
    }
}
