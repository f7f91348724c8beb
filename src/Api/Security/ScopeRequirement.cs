using Microsoft.AspNetCore.Authorization;

namespace Layers.Api.Security;

/// <summary>
/// The caller's key carries <see cref="Scope"/>. One policy per scope, named after it; an action
/// has the policy of the request it sends (<see cref="AuthorizeRequestAttribute{TRequest}"/>).
/// </summary>
public sealed class ScopeRequirement(string scope) : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement
{
    public string Scope { get; } = scope;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (ApiKeyClaims.HasScope(context.User, requirement.Scope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
