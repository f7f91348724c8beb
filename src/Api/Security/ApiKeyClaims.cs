using System.Security.Claims;
using Layers.Application.Common.Security;

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
        return new ClaimsPrincipal(new ApiKeyIdentity(identity, claims));
    }

    /// <summary>
    /// The caller a principal names, or null when it was not authenticated by an API key. The
    /// caller the key was authenticated as travels with the identity, so the several reads of a
    /// request (authorization, validation, handler) rebuild nothing from the claims.
    /// </summary>
    public static CallerIdentity? Caller(ClaimsPrincipal? principal) =>
        principal?.Identities.OfType<ApiKeyIdentity>().FirstOrDefault(IsApiKey)?.Caller;

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

    private sealed class ApiKeyIdentity(CallerIdentity caller, IEnumerable<Claim> claims)
        : ClaimsIdentity(claims, ApiKeySecurity.Scheme, KeyId, null)
    {
        public CallerIdentity Caller { get; } = caller;

        // The framework clones the principal it hands on; the clone must keep the caller.
        public override ClaimsIdentity Clone() => new ApiKeyIdentity(Caller, Claims);
    }
}
