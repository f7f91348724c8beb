using Layers.Api.Errors;
using Layers.Api.Hosting;
using Layers.Infrastructure.Persistence;

namespace Layers.Api.Http;

/// <summary>Liveness and readiness for load balancers and orchestrators; no key needed.</summary>
public static class HealthEndpoints
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";

    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(2);

    // Probes may ask with HEAD to skip the body (RFC 9110, section 9.3.2).
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Exactly these routes skip the rate limits; any other path is limited like the API. Both are
        // described in the OpenAPI document, so neither is excluded from description. Plain request
        // delegates: a handler with parameters to bind would be compiled by RequestDelegateFactory
        // when the routes are first built, which cost a cold start tens of milliseconds.
        endpoints.MapMethods(LivenessPath, GetAndHead, context => Results.Json(new { status = "ok" }).ExecuteAsync(context))
            .AllowAnonymous()
            .DisableRateLimiting();
        endpoints.MapMethods(
                ReadinessPath,
                GetAndHead,
                context => ReadyAsync(
                    context,
                    context.RequestServices.GetRequiredService<DatabaseHealth>(),
                    context.RequestServices.GetRequiredService<RateLimitBuckets>(),
                    context.RequestServices.GetRequiredService<GracefulShutdown>()))
            .AllowAnonymous()
            .DisableRateLimiting();
        return endpoints;
    }

    /// <summary>
    /// 503 while stopping and without PostgreSQL. Without Redis, when it is configured, the
    /// instance still serves (under its own rate limits), so it stays ready: 200, reported as degraded.
    /// </summary>
    private static async Task ReadyAsync(HttpContext context, DatabaseHealth database, RateLimitBuckets rateLimits, GracefulShutdown shutdown)
    {
        // Stopping: not ready whatever the database says, so that load balancers stop sending.
        if (shutdown.IsDraining)
        {
            await ApiErrorWriter.WriteAsync(context, ApiExceptionMapper.ShuttingDown).ConfigureAwait(false);
            return;
        }

        if (!await database.IsReadyAsync(ReadinessTimeout, context.RequestAborted).ConfigureAwait(false))
        {
            await ApiErrorWriter.WriteAsync(context, ApiExceptionMapper.Unavailable).ConfigureAwait(false);
            return;
        }

        if (await rateLimits.IsDegradedAsync().ConfigureAwait(false))
        {
            await context.Response.WriteAsJsonAsync(new { status = "degraded", redis = "unreachable" }, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await context.Response.WriteAsJsonAsync(new { status = "ready" }, context.RequestAborted).ConfigureAwait(false);
    }
}
