using System.Security.Claims;
using Layers.Application.Common.Security;
using Layers.Domain.Organizations;

namespace Layers.Api.Security;

/// <summary>
/// The claims of a principal authenticated by an API key, and the one place where a principal
/// becomes the Application's <see cref="CallerIdentity"/>.
/// </summary>
public static class ApiKeyClaims
{
    public const string OrgId = "org_id";
    public const string KeyId = "key_id";
    public const string Scope = "scope";

    public static ClaimsPrincipal Principal(CallerIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var claims = new List<Claim>(2 + identity.Scopes.Count)
        {
            new(OrgId, identity.OrgId.ToString()),
            new(KeyId, identity.KeyId),
        };
        claims.AddRange(identity.Scopes.Select(scope => new Claim(Scope, scope)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeySecurity.Scheme, KeyId, null));
    }

    /// <summary>The caller a principal names, or null when it was not authenticated by an API key.</summary>
    public static CallerIdentity? Caller(ClaimsPrincipal? principal)
    {
        if (principal?.Identities.FirstOrDefault(IsApiKey) is not { } identity
            || !Guid.TryParse(identity.FindFirst(OrgId)?.Value, out var orgId)
            || identity.FindFirst(KeyId)?.Value is not { } keyId)
        {
            return null;
        }

        // A plain set: read a few times per request, a frozen one would cost more to build than it saves.
        var scopes = identity.FindAll(Scope).Select(claim => claim.Value).ToHashSet(StringComparer.Ordinal);
        return new CallerIdentity(new OrgId(orgId), keyId, scopes);
    }

    /// <summary>A claim of the API-key identity, without building the whole caller.</summary>
    public static string? Find(ClaimsPrincipal principal, string type)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.Identities.FirstOrDefault(IsApiKey)?.FindFirst(type)?.Value;
    }

    public static bool HasScope(ClaimsPrincipal principal, string scope)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.Identities.Any(identity => IsApiKey(identity) && identity.HasClaim(Scope, scope));
    }

    private static bool IsApiKey(ClaimsIdentity identity) =>
        identity.IsAuthenticated && identity.AuthenticationType == ApiKeySecurity.Scheme;
}
