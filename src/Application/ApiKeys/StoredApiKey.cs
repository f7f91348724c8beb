using System.Collections.Frozen;
using Layers.Domain.Organizations;

namespace Layers.Application.ApiKeys;

/// <summary>An API key as stored: never the secret, only its SHA-256 hash.</summary>
public sealed record StoredApiKey(
    string KeyId,
    OrgId OrgId,
    string Name,
    IReadOnlyList<string> Scopes,
    ReadOnlyMemory<byte> SecretHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;

    /// <summary>The scopes as a set, built once per key rather than on every request.</summary>
    public IReadOnlySet<string> ScopeSet { get; } = Scopes.ToFrozenSet(StringComparer.Ordinal);
}
