using System.Text.Encodings.Web;
using Layers.Api.Errors;
using Layers.Api.Observability;
using Layers.Api.Proxies;
using Layers.Api.RateLimiting;
using Layers.Application.ApiKeys;
using Layers.Application.Common.Exceptions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Layers.Api.Security;

/// <summary>
/// The <c>ApiKey</c> scheme: <c>Authorization: Bearer lyr_&lt;keyId&gt;_&lt;secret&gt;</c>. Keys come
/// from a per-instance cache that every revocation evicts on every instance at once (see the
/// Infrastructure key cache). Failed attempts are charged to the client address
/// (<see cref="FailedAuthenticationBudget"/>), never to the key they name; past its budget the
/// answer is 429, and a key id not in memory is not looked up at all. The charge is asked for as
/// soon as authentication fails, and its answer awaited by the challenge: with Redis, it travels
/// with the request's other budgets (<see cref="RateLimiting"/>) rather than after them.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyAuthenticator authenticator,
    FailedAuthenticationBudget failures,
    ApiMetrics metrics)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    // One handler instance serves one request: the challenge reads what authentication found.
    private ApiKeyAuthenticationStatus status = ApiKeyAuthenticationStatus.Missing;
    private Task<(bool Charged, int RetryAfterSeconds)>? failedAttempt;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Anonymous endpoints (health probes, the OpenAPI document) never spend a key lookup, so
        // that sending them made-up key ids costs the database nothing.
        if (Context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return AuthenticateResult.NoResult();
        }

        var result = await authenticator
            .AuthenticateAsync(Request.Headers.Authorization.ToString(), MayQueryDatabase, Context.RequestAborted)
            .ConfigureAwait(false);
        status = result.Status;
        if (result.Identity is null && status != ApiKeyAuthenticationStatus.Deferred)
        {
            // Every endpoint that is not anonymous requires a key (the fallback policy): this
            // request will be challenged, unless a limit turns it away first.
            failedAttempt = failures.TryChargeAsync(ClientAddress.Of(Context));
        }

        return result switch
        {
            { Identity: { } identity } => AuthenticateResult.Success(new AuthenticationTicket(ApiKeyClaims.Principal(identity), Scheme.Name)),
            { Status: ApiKeyAuthenticationStatus.Missing } => AuthenticateResult.NoResult(),
            _ => AuthenticateResult.Fail(result.Status.ToString()),
        };
    }

    /// <summary>401 with <c>WWW-Authenticate: Bearer</c>, or 429 once the client address is out of budget.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        await HandleAuthenticateOnceAsync().ConfigureAwait(false);
        if (status == ApiKeyAuthenticationStatus.Deferred)
        {
            metrics.RateLimited(RateLimitBudget.FailedAuthentication);
            await ApiErrorWriter.WriteAsync(Context, ApiRateLimiting.Problem(1)).ConfigureAwait(false);
            return;
        }

        var (charged, retryAfter) = await (failedAttempt ??= failures.TryChargeAsync(ClientAddress.Of(Context))).ConfigureAwait(false);
        if (!charged)
        {
            metrics.RateLimited(RateLimitBudget.FailedAuthentication);
        }

        await ApiErrorWriter.WriteAsync(Context, charged ? ApiExceptionMapper.Map(new UnauthenticatedException()) : ApiRateLimiting.Problem(retryAfter)).ConfigureAwait(false);
    }

    /// <summary>
    /// A forbidden request whose missing scope is not known; scope policies answer with the scope's
    /// name (see <see cref="ScopeAuthorizationResultHandler"/>).
    /// </summary>
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiErrorWriter.WriteAsync(Context, ApiExceptionMapper.Map(new ForbiddenScopeException()));

    // Asked only for a key id not in memory, so that a known key's request reads no budget.
    private bool MayQueryDatabase() => failures.HasBudget(ClientAddress.Of(Context));
}
