using System.Buffers;
using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Layers.Bench.Bare;

/// <summary>A key as the API's cache holds it: the org, the scopes and the SHA-256 of the secret.</summary>
internal sealed record BareKey(Guid OrgId, FrozenSet<string> Scopes, byte[] SecretHash, bool Revoked);

/// <summary>
/// The same check as the API's ApiKeyAuthenticator over its in-process key cache: parse
/// <c>Bearer lyr_&lt;keyId&gt;_&lt;secret&gt;</c>, find the key by id in memory, compare the
/// secret's SHA-256 in constant time. Keys are read once at start-up (the benchmark revokes none).
/// </summary>
internal sealed class KeyStore(FrozenDictionary<string, BareKey> keys)
{
    private const string Scheme = "Bearer ";
    private const string Prefix = "lyr_";
    private const int KeyIdLength = 16;
    private const int SecretLength = 32;
    private static readonly int TokenLength = Prefix.Length + KeyIdLength + 1 + SecretLength;
    private static readonly SearchValues<char> Base32 = SearchValues.Create("abcdefghijklmnopqrstuvwxyz234567");
    private static readonly byte[] UnknownKeyHash = RandomNumberGenerator.GetBytes(SHA256.HashSizeInBytes);

    public static async Task<KeyStore> LoadAsync(NpgsqlDataSource dataSource)
    {
        var keys = new Dictionary<string, BareKey>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand("SELECT key_id, org_id, scopes, secret_hash, revoked_at IS NOT NULL FROM api_keys");
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            keys[reader.GetString(0)] = new BareKey(
                reader.GetGuid(1),
                reader.GetFieldValue<string[]>(2).ToFrozenSet(StringComparer.Ordinal),
                reader.GetFieldValue<byte[]>(3),
                reader.GetBoolean(4));
        }

        return new KeyStore(keys.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The caller's key, or null for a missing, malformed, unknown, wrong or revoked key.</summary>
    public BareKey? Authenticate(string authorization)
    {
        if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization.AsSpan(Scheme.Length).Trim(' ');
        if (token.Length != TokenLength || !token.StartsWith(Prefix, StringComparison.Ordinal) || token[Prefix.Length + KeyIdLength] != '_')
        {
            return null;
        }

        var keyId = token.Slice(Prefix.Length, KeyIdLength);
        var secret = token[(Prefix.Length + KeyIdLength + 1)..];
        if (keyId.ContainsAnyExcept(Base32) || secret.ContainsAnyExcept(Base32))
        {
            return null;
        }

        Span<byte> utf8 = stackalloc byte[SecretLength];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Encoding.UTF8.GetBytes(secret, utf8);
        SHA256.HashData(utf8, hash);
        var stored = keys.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(keyId, out var found) ? found : null;
        var matches = CryptographicOperations.FixedTimeEquals(hash, stored?.SecretHash ?? UnknownKeyHash);
        return matches && stored is { Revoked: false } ? stored : null;
    }
}
