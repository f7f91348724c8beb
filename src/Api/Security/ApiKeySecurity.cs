using Layers.Application.Common.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Layers.Api.Security;

/// <summary>
/// Authentication by API key and authorization by scope, the framework's way: the <c>ApiKey</c>
/// scheme, one policy per scope (named after it), and a fallback policy that requires a key on
/// every endpoint without a policy of its own, unknown routes included, so that 401 comes before
/// 404. Anonymous endpoints say so with <c>AllowAnonymous</c>.
/// </summary>
public static class ApiKeySecurity
{
    public const string Scheme = "ApiKey";

    public static IServiceCollection AddApiKeySecurity(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(Scheme, null);
        services.AddAuthorization(authorization =>
        {
            authorization.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            foreach (var scope in Scopes.All)
            {
                authorization.AddPolicy(scope, policy => policy.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(scope)));
            }
        });
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ScopeAuthorizationResultHandler>();

        // The Application's behaviors and handlers read the caller through this, outside HTTP's types.
        services.AddHttpContextAccessor();
        services.AddSingleton<ICurrentCaller, ClaimsPrincipalCaller>();
        return services;
    }
}
