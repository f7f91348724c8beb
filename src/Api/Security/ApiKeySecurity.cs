using Layers.Application.Common.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Layers.Api.Security;

/// <summary>
/// Authentication by API key and authorization by scope, the framework's way: the <c>ApiKey</c>
/// scheme, one policy per scope (named after it, and named by actions through
/// <see cref="AuthorizeRequestAttribute{TRequest}"/>), and a fallback policy that requires a key on
/// every endpoint without a policy of its own, unknown routes included, so that 401 comes before
/// 404. Anonymous endpoints say so with <c>AllowAnonymous</c>.
/// </summary>
public static class ApiKeySecurity
{
    public const string Scheme = "ApiKey";

    public static IServiceCollection AddApiKeySecurity(this IServiceCollection services)
    {
        // The core of authentication, not AddAuthentication: that adds Data Protection as well,
        // whose key ring is loaded (and on a fresh machine generated and written) before the
        // server starts, and an API that only verifies keys has nothing for it to protect. Of the
        // rest of AddAuthentication, the scheme needs only the web encoders and a clock.
        services.AddAuthenticationCore(authentication => authentication.DefaultScheme = Scheme);
        services.AddWebEncoders();
        services.TryAddSingleton(TimeProvider.System);
        new AuthenticationBuilder(services).AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(Scheme, configureOptions: null);
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
