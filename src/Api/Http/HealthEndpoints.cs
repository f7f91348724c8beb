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
        var services = endpoints.ServiceProvider;
        var database = services.GetRequiredService<DatabaseHealth>();
        var rateLimits = services.GetRequiredService<RateLimitBuckets>();
        var shutdown = services.GetRequiredService<GracefulShutdown>();
        var readiness = new RecentReadiness(() => CheckAsync(database, rateLimits), services.GetRequiredService<TimeProvider>());
        endpoints.MapMethods(ReadinessPath, GetAndHead, context => ReadyAsync(context, readiness, shutdown))
            .AllowAnonymous()
            .DisableRateLimiting();
        return endpoints;
    }

    /// <summary>
    /// 503 while stopping and without PostgreSQL. While Redis, when it is configured, does not
    /// share the rate limits, the instance still serves (under its own), so it stays ready: 200,
    /// reported as degraded.
    /// </summary>
    private static async Task ReadyAsync(HttpContext context, RecentReadiness readiness, GracefulShutdown shutdown)
    {
        // Stopping: not ready whatever the checks say, at once, so that load balancers stop sending.
        if (shutdown.IsDraining)
        {
            await ApiErrorWriter.WriteAsync(context, ApiExceptionMapper.ShuttingDown).ConfigureAwait(false);
            return;
        }

        switch (await readiness.CheckAsync().ConfigureAwait(false))
        {
            case Readiness.Unavailable:
                await ApiErrorWriter.WriteAsync(context, ApiExceptionMapper.Unavailable).ConfigureAwait(false);
                break;
            case Readiness.Degraded:
                await context.Response.WriteAsJsonAsync(new { status = "degraded", redis = "unreachable" }, context.RequestAborted).ConfigureAwait(false);
                break;
            default:
                await context.Response.WriteAsJsonAsync(new { status = "ready" }, context.RequestAborted).ConfigureAwait(false);
                break;
        }
    }

    private static async Task<Readiness> CheckAsync(DatabaseHealth database, RateLimitBuckets rateLimits) =>
        !await database.IsReadyAsync(ReadinessTimeout, CancellationToken.None).ConfigureAwait(false) ? Readiness.Unavailable
        : await rateLimits.IsDegradedAsync().ConfigureAwait(false) ? Readiness.Degraded
        : Readiness.Ready;
}
