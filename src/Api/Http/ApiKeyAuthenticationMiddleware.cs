using Layers.Application.ApiKeys;
using Layers.Application.Common.Exceptions;
using Microsoft.AspNetCore.Authorization;

namespace Layers.Api.Http;

/// <summary>
/// Every route needs a valid API key unless it allows anonymous callers, unknown routes included,
/// so that 401 comes before everything else. Keys come from a per-instance cache that every
/// revocation evicts on every instance at once (see the Infrastructure key cache). Failed attempts
/// are charged to the client address (<see cref="FailedAuthenticationBudget"/>); past its budget
/// the answer is 429, and a key id not in memory is not looked up at all.
/// </summary>
public sealed class ApiKeyAuthenticationMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, ApiKeyAuthenticator authenticator, FailedAuthenticationBudget failures)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authenticator);
        ArgumentNullException.ThrowIfNull(failures);
        if (context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null)
        {
            var address = ClientAddress.Of(context);
            var result = await authenticator
                .AuthenticateAsync(context.Request.Headers.Authorization.ToString(), failures.HasBudget(address), context.RequestAborted)
                .ConfigureAwait(false);
            switch (result)
            {
                case { Identity: { } identity }:
                    HttpContextCaller.Set(context, identity);
                    break;
                case { Status: ApiKeyAuthenticationStatus.Deferred }:
                    throw new TooManyRequestsException();
                default:
                    throw failures.TryCharge(address, out var retryAfter)
                        ? new UnauthenticatedException()
                        : new TooManyRequestsException(retryAfter);
            }
        }

        await next(context).ConfigureAwait(false);
    }
}
