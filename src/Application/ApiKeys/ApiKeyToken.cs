using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Layers.Application.ApiKeys;

/// <summary>
/// The API key a client presents: <c>lyr_&lt;keyId&gt;_&lt;secret&gt;</c>. The key id is not secret
/// and finds the stored key; the secret has 160 random bits and only its SHA-256 hash is stored.
/// </summary>
public static class ApiKeyToken
{
    public const string Prefix = "lyr_";
    public const int KeyIdLength = 16;
    public const int SecretLength = 32;

    // RFC 4648 base32, lowercase: no '_' (the separator) and easy to read aloud.
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private static readonly SearchValues<char> AlphabetValues = SearchValues.Create(Alphabet);
    private static readonly int TokenLength = Prefix.Length + KeyIdLength + 1 + SecretLength;

    /// <summary>A new key: the token shown once to its owner, its id, and the hash to store.</summary>
    public static (string Token, string KeyId, byte[] SecretHash) Generate()
    {
        var keyId = RandomBase32(KeyIdLength);
        var secret = RandomBase32(SecretLength);
        return (string.Concat(Prefix, keyId, "_", secret), keyId, HashSecret(secret));
    }

    /// <summary>The key in an <c>Authorization: Bearer &lt;token&gt;</c> header value.</summary>
    public static bool TryParseAuthorization(string? authorization, [NotNullWhen(true)] out string? keyId, out ReadOnlySpan<char> secret)
    {
        const string Scheme = "Bearer ";
        keyId = null;
        secret = default;
        return authorization is not null
               && authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
               && TryParse(authorization.AsSpan(Scheme.Length).Trim(' '), out keyId, out secret);
    }

    public static bool TryParse(ReadOnlySpan<char> token, [NotNullWhen(true)] out string? keyId, out ReadOnlySpan<char> secret)
    {
        keyId = null;
        secret = default;
        if (token.Length != TokenLength
            || !token.StartsWith(Prefix, StringComparison.Ordinal)
            || token[Prefix.Length + KeyIdLength] != '_')
        {
            return false;
        }

        var id = token.Slice(Prefix.Length, KeyIdLength);
        var rest = token[(Prefix.Length + KeyIdLength + 1)..];
        if (!IsBase32(id) || !IsBase32(rest))
        {
            return false;
        }

        keyId = id.ToString();
        secret = rest;
        return true;
    }

    public static byte[] HashSecret(ReadOnlySpan<char> secret)
    {
        var hash = new byte[SHA256.HashSizeInBytes];
        HashSecret(secret, hash);
        return hash;
    }

    /// <summary>The secret's SHA-256 hash into <paramref name="hash"/>, of <see cref="SHA256.HashSizeInBytes"/> bytes.</summary>
    public static void HashSecret(ReadOnlySpan<char> secret, Span<byte> hash)
    {
        Span<byte> utf8 = stackalloc byte[SecretLength * 3];
        var written = Encoding.UTF8.GetBytes(secret, utf8);
        SHA256.HashData(utf8[..written], hash);
    }

    private static bool IsBase32(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(AlphabetValues);

    private static string RandomBase32(int length) => RandomNumberGenerator.GetString(Alphabet, length);
}
