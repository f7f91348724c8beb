using System.Reflection;
using Layers.Application.Common.Security;
using Microsoft.AspNetCore.Authorization;

namespace Layers.Api.Security;

/// <summary>
/// The action sends <typeparamref name="TRequest"/>, and is authorized by the policy of the scope
/// that request declares with <see cref="RequiresScopeAttribute"/>: the scope is written once, on
/// the request, and HTTP answers 403 before the body is read, exactly when the authorization
/// behavior would refuse the request. A request that declares no scope makes building the API's
/// endpoints throw, so no action can send it unguarded.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class AuthorizeRequestAttribute<TRequest>() : AuthorizeAttribute(
    typeof(TRequest).GetCustomAttribute<RequiresScopeAttribute>()?.Scope
    ?? throw new InvalidOperationException($"{typeof(TRequest).Name} declares no [RequiresScope]."));
