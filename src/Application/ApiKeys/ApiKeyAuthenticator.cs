using System.Security.Cryptography;
using Layers.Application.Common.Security;

namespace Layers.Application.ApiKeys;

/// <summary>Turns an <c>Authorization</c> header into the caller's identity, or null.</summary>
public sealed class ApiKeyAuthenticator(IApiKeyRepository keys)
{
    // Compared against when the key id is unknown, so unknown ids and wrong secrets take the same path.
    private static readonly byte[] UnknownKeyHash = RandomNumberGenerator.GetBytes(SHA256.HashSizeInBytes);

    public async Task<CallerIdentity?> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (!ApiKeyToken.TryParseAuthorization(authorization, out var keyId, out var secret))
        {
            return null;
        }

        var presentedHash = ApiKeyToken.HashSecret(secret);
        var stored = await keys.FindAsync(keyId, cancellationToken).ConfigureAwait(false);

        // Constant time, so response timing reveals neither whether the id exists nor how much matched.
        var matches = CryptographicOperations.FixedTimeEquals(presentedHash, stored is null ? UnknownKeyHash : stored.SecretHash.Span);
        if (stored is null || !matches || stored.IsRevoked)
        {
            return null;
        }

        return new CallerIdentity(stored.OrgId, stored.KeyId, stored.ScopeSet);
    }
}
