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
        return new ClaimsPrincipal(new ApiKeyIdentity(identity, claims: null));
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
        return principal.Identities.FirstOrDefault(IsApiKey) switch
        {
            ApiKeyIdentity { Caller: var caller } when type == OrgId => caller.OrgId.ToString(),
            ApiKeyIdentity { Caller: var caller } when type == KeyId => caller.KeyId,
            var identity => identity?.FindFirst(type)?.Value,
        };
    }

    public static bool HasScope(ClaimsPrincipal principal, string scope)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.Identities.Any(identity => IsApiKey(identity) && identity.HasClaim(Scope, scope));
    }

    private static bool IsApiKey(ClaimsIdentity identity) =>
        identity.IsAuthenticated && identity.AuthenticationType == ApiKeySecurity.Scheme;

    /// <summary>
    /// The caller's claims, built on first read: a request reads its caller from
    /// <see cref="Caller"/> and its scopes through <see cref="HasClaim(string, string)"/>, so it
    /// usually needs none of them.
    /// </summary>
    private sealed class ApiKeyIdentity : ClaimsIdentity
    {
        private readonly Lock gate = new();
        private volatile bool claimsAdded;

        public ApiKeyIdentity(CallerIdentity caller, IEnumerable<Claim>? claims)
            : base(claims, ApiKeySecurity.Scheme, KeyId, null)
        {
            Caller = caller;
            claimsAdded = claims is not null;
        }

        public CallerIdentity Caller { get; }

        public override IEnumerable<Claim> Claims
        {
            get
            {
                AddClaimsOnce();
                return base.Claims;
            }
        }

        public override bool HasClaim(string type, string value) =>
            string.Equals(type, Scope, StringComparison.OrdinalIgnoreCase) && !claimsAdded
                ? Caller.Scopes.Contains(value)
                : base.HasClaim(type, value);

        // The framework clones the principal it hands on; the clone must keep the caller.
        public override ClaimsIdentity Clone() => new ApiKeyIdentity(Caller, claimsAdded ? base.Claims : null);

        private void AddClaimsOnce()
        {
            if (claimsAdded)
            {
                return;
            }

            lock (gate)
            {
                if (!claimsAdded)
                {
                    AddClaim(new Claim(OrgId, Caller.OrgId.ToString()));
                    AddClaim(new Claim(KeyId, Caller.KeyId));
                    AddClaims(Caller.Scopes.Select(scope => new Claim(Scope, scope)));
                    claimsAdded = true;
                }
            }
        }
    }
}
