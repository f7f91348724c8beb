using Layers.Api.Errors;
using Layers.Application.Common.Exceptions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Layers.Api.Security;

/// <summary>
/// A key that lacks a policy's scope answers 403 <c>FORBIDDEN_SCOPE</c> naming the scope; every
/// other outcome (401 and 429 from the scheme's challenge, success) is the framework's own.
/// </summary>
public sealed class ScopeAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler framework = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(authorizeResult);
        return authorizeResult is { Forbidden: true, AuthorizationFailure.FailedRequirements: var failed }
               && failed.OfType<ScopeRequirement>().FirstOrDefault() is { } missing
            ? ApiErrorWriter.WriteAsync(context, ApiExceptionMapper.Map(ForbiddenScopeException.Missing(missing.Scope)))
            : framework.HandleAsync(next, context, policy, authorizeResult);
    }
}
