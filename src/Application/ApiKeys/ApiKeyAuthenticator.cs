using System.Security.Cryptography;
using Layers.Application.Common.Security;

namespace Layers.Application.ApiKeys;

/// <summary>Turns an <c>Authorization</c> header into the caller's identity.</summary>
public sealed class ApiKeyAuthenticator(IApiKeyRepository keys)
{
    // Compared against when the key id is unknown, so unknown ids and wrong secrets do the same work.
    private static readonly byte[] UnknownKeyHash = RandomNumberGenerator.GetBytes(SHA256.HashSizeInBytes);

    /// <param name="mayQueryDatabase">
    /// False when the caller may not spend a database lookup on a key id that is not in memory
    /// (its budget for failed attempts is spent): such an id is then <see cref="ApiKeyAuthenticationStatus.Deferred"/>.
    /// </param>
    public async Task<ApiKeyAuthentication> AuthenticateAsync(string? authorization, bool mayQueryDatabase, CancellationToken cancellationToken)
    {
        if (!ApiKeyToken.TryParseAuthorization(authorization, out var keyId, out var secret))
        {
            return ApiKeyAuthentication.Missing;
        }

        var presentedHash = ApiKeyToken.HashSecret(secret);
        if (!keys.TryFindInMemory(keyId, out var stored))
        {
            if (!mayQueryDatabase)
            {
                return ApiKeyAuthentication.Deferred;
            }

            stored = await keys.FindAsync(keyId, cancellationToken).ConfigureAwait(false);
        }

        // Constant time, so response timing reveals neither whether the id exists nor how much matched.
        var matches = CryptographicOperations.FixedTimeEquals(presentedHash, stored is null ? UnknownKeyHash : stored.SecretHash.Span);
        return stored is null || !matches || stored.IsRevoked
            ? ApiKeyAuthentication.Rejected
            : ApiKeyAuthentication.Authenticated(new CallerIdentity(stored.OrgId, stored.KeyId, stored.ScopeSet));
    }
}

public enum ApiKeyAuthenticationStatus
{
    /// <summary>No key, or not one of ours in form: nothing was looked up.</summary>
    Missing,

    /// <summary>A well-formed key that is unknown, revoked or has the wrong secret.</summary>
    Rejected,

    /// <summary>Not in memory, and the caller may not spend a database lookup now.</summary>
    Deferred,

    Authenticated,
}

public sealed record ApiKeyAuthentication(ApiKeyAuthenticationStatus Status, CallerIdentity? Identity)
{
    public static ApiKeyAuthentication Missing { get; } = new(ApiKeyAuthenticationStatus.Missing, null);

    public static ApiKeyAuthentication Rejected { get; } = new(ApiKeyAuthenticationStatus.Rejected, null);

    public static ApiKeyAuthentication Deferred { get; } = new(ApiKeyAuthenticationStatus.Deferred, null);

    public static ApiKeyAuthentication Authenticated(CallerIdentity identity) => new(ApiKeyAuthenticationStatus.Authenticated, identity);
}
