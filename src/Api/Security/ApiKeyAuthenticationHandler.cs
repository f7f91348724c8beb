using Layers.Api.Errors;
using Layers.Api.Http;
using Layers.Api.Observability;
using Layers.Application.ApiKeys;
using Layers.Application.Common.Exceptions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

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
/// <remarks>
/// An <see cref="IAuthenticationHandler"/> of its own rather than an <c>AuthenticationHandler</c>:
/// that base class builds a logger and reads its options on every request for features (events,
/// forwarding, its log lines) this scheme has no use for.
/// </remarks>
public sealed class ApiKeyAuthenticationHandler(ApiKeyAuthenticator authenticator, FailedAuthenticationBudget failures, ApiMetrics metrics)
    : IAuthenticationHandler
{
    // One handler instance serves one request: the challenge reads what authentication found.
    private HttpContext? context;
    private Task<AuthenticateResult>? authentication;
    private ApiKeyAuthenticationStatus status = ApiKeyAuthenticationStatus.Missing;
    private Task<(bool Charged, int RetryAfterSeconds)>? failedAttempt;

    private HttpContext Context => context ?? throw new InvalidOperationException("The handler is used before it is initialized.");

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        this.context = context;
        return Task.CompletedTask;
    }

    /// <summary>Authenticates once per request, however many times it is asked.</summary>
    public Task<AuthenticateResult> AuthenticateAsync() => authentication ??= AuthenticateOnceAsync();

    /// <summary>401 with <c>WWW-Authenticate: Bearer</c>, or 429 once the client address is out of budget.</summary>
    public async Task ChallengeAsync(AuthenticationProperties? properties)
    {
        await AuthenticateAsync().ConfigureAwait(false);
        if (status == ApiKeyAuthenticationStatus.Deferred)
        {
            metrics.RateLimited(RateLimitBudget.FailedAuthentication);
            await ApiErrorWriter.WriteAsync(Context, RateLimiting.Problem(1)).ConfigureAwait(false);
            return;
        }

        var (charged, retryAfter) = await (failedAttempt ??= failures.TryChargeAsync(ClientAddress.Of(Context))).ConfigureAwait(false);
        if (!charged)
        {
            metrics.RateLimited(RateLimitBudget.FailedAuthentication);
        }

        await ApiErrorWriter.WriteAsync(Context, charged ? ApiExceptionMapper.Map(new UnauthenticatedException()) : RateLimiting.Problem(retryAfter)).ConfigureAwait(false);
    }

    /// <summary>
    /// A forbidden request whose missing scope is not known; scope policies answer with the scope's
    /// name (see <see cref="ScopeAuthorizationResultHandler"/>).
    /// </summary>
    public Task ForbidAsync(AuthenticationProperties? properties) =>
        ApiErrorWriter.WriteAsync(Context, ApiExceptionMapper.Map(new ForbiddenScopeException()));

    private async Task<AuthenticateResult> AuthenticateOnceAsync()
    {
        var http = Context;

        // Anonymous endpoints (health probes, the OpenAPI document) never spend a key lookup, so
        // that sending them made-up key ids costs the database nothing.
        if (http.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return AuthenticateResult.NoResult();
        }

        var result = await authenticator
            .AuthenticateAsync(http.Request.Headers.Authorization.ToString(), MayQueryDatabase, http.RequestAborted)
            .ConfigureAwait(false);
        status = result.Status;
        if (result.Identity is null && status != ApiKeyAuthenticationStatus.Deferred)
        {
            // Every endpoint that is not anonymous requires a key (the fallback policy): this
            // request will be challenged, unless a limit turns it away first.
            failedAttempt = failures.TryChargeAsync(ClientAddress.Of(http));
        }

        return result switch
        {
            { Identity: { } identity } => AuthenticateResult.Success(new AuthenticationTicket(ApiKeyClaims.Principal(identity), ApiKeySecurity.Scheme)),
            { Status: ApiKeyAuthenticationStatus.Missing } => AuthenticateResult.NoResult(),
            _ => AuthenticateResult.Fail(result.Status.ToString()),
        };
    }

    // Asked only for a key id not in memory, so that a known key's request reads no budget.
    private bool MayQueryDatabase() => failures.HasBudget(ClientAddress.Of(Context));
}
