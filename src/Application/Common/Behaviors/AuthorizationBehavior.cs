using System.Reflection;
using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Security;
using MediatR;

namespace Layers.Application.Common.Behaviors;

/// <summary>
/// First in the pipeline: the caller must be authenticated and hold the scope the request
/// declares with <see cref="RequiresScopeAttribute"/>, whatever the rest of the request says.
/// </summary>
public sealed class AuthorizationBehavior<TRequest, TResponse>(ICurrentCaller caller) : IPipelineBehavior<TRequest, TResponse>
{
    // Read once per request type; a request without a declared scope fails closed.
    private static readonly string? RequiredScope = typeof(TRequest).GetCustomAttribute<RequiresScopeAttribute>()?.Scope;

    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var identity = caller.Require();
        if (RequiredScope is null)
        {
            throw new InvalidOperationException($"{typeof(TRequest).Name} declares no [RequiresScope].");
        }

        if (!identity.HasScope(RequiredScope))
        {
            throw ForbiddenScopeException.Missing(RequiredScope);
        }

        return next();
    }
}
