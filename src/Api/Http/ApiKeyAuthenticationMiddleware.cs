using Layers.Application.ApiKeys;
using Layers.Application.Common.Exceptions;
using Microsoft.AspNetCore.Authorization;

namespace Layers.Api.Http;

/// <summary>
/// Every route needs a valid API key unless it allows anonymous callers, unknown routes included,
/// so that 401 comes before everything else. Keys come from a per-instance cache that every
/// revocation evicts on every instance at once (see the Infrastructure key cache).
/// </summary>
public sealed class ApiKeyAuthenticationMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, ApiKeyAuthenticator authenticator)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authenticator);
        if (context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null)
        {
            var identity = await authenticator
                .AuthenticateAsync(context.Request.Headers.Authorization.ToString(), context.RequestAborted)
                .ConfigureAwait(false) ?? throw new UnauthenticatedException();
            HttpContextCaller.Set(context, identity);
        }

        await next(context).ConfigureAwait(false);
    }
}
