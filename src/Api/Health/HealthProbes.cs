using Layers.Api.Errors;
using Layers.Api.Hosting;
using Layers.Api.RateLimiting;
using Layers.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Layers.Api.Health;

/// <summary>Liveness and readiness for load balancers and orchestrators, through the framework's health checks; no key needed.</summary>
public static class HealthProbes
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";

    private static readonly TimeSpan DatabaseTimeout = TimeSpan.FromSeconds(2);

    // Probes may ask with HEAD to skip the body (RFC 9110, section 9.3.2).
    private static readonly HttpMethodMetadata GetAndHead = new([HttpMethods.Get, HttpMethods.Head]);

    /// <summary>
    /// PostgreSQL, whose failure makes the instance unready, and the shared rate limits, whose
    /// failure leaves it serving under its own (degraded). One report is shared by every probe
    /// within a second (<see cref="RecentHealthReport"/>).
    /// </summary>
    public static IServiceCollection AddHealthProbes(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("postgresql", timeout: DatabaseTimeout)
            .AddCheck<RateLimitBuckets>("redis", HealthStatus.Degraded);
        // The framework's service stays the one that runs the checks, behind the report they share.
        var framework = services.Single(service => service.ServiceType == typeof(HealthCheckService));
        services.Remove(framework);
        services.AddSingleton<HealthCheckService>(provider => new RecentHealthReport(
            (HealthCheckService)ActivatorUtilities.CreateInstance(provider, framework.ImplementationType!),
            provider.GetRequiredService<TimeProvider>()));

        // The framework logs each check's failure as an error every time it runs; an outage of
        // either is logged where it starts and where it ends instead (RetriedOutage, SharedLimitsOutage).
        return services.AddLogging(logging => logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
    }

    public static IEndpointRouteBuilder MapHealthProbes(this IEndpointRouteBuilder endpoints)
    {
        var shutdown = endpoints.ServiceProvider.GetRequiredService<GracefulShutdown>();

        // Exactly these routes skip the rate limits; any other path is limited like the API. Both are
        // described in the OpenAPI document, so neither is excluded from description. Their headers
        // are the API's: the framework's no-cache headers are left out.
        endpoints.MapHealthChecks(LivenessPath, new HealthCheckOptions
        {
            Predicate = _ => false,
            AllowCachingResponses = true,
            ResponseWriter = (context, _) => context.Response.WriteAsJsonAsync(new { status = "ok" }, context.RequestAborted),
        })
            .WithMetadata(GetAndHead)
            .AllowAnonymous()
            .DisableRateLimiting();
        endpoints.MapHealthChecks(ReadinessPath, new HealthCheckOptions
        {
            AllowCachingResponses = true,
            ResponseWriter = WriteReadinessAsync,
        })
            .WithMetadata(GetAndHead)
            .AllowAnonymous()
            .DisableRateLimiting()
            .Add(endpoint =>
            {
                // Stopping: not ready whatever the checks say, at once and without them, so that
                // load balancers stop sending.
                var checks = endpoint.RequestDelegate!;
                endpoint.RequestDelegate = context => shutdown.IsDraining
                    ? ApiErrorWriter.WriteAsync(context, ApiExceptionMapper.ShuttingDown)
                    : checks(context);
            });
        return endpoints;
    }

    /// <summary>
    /// 503 without PostgreSQL. While Redis, when it is configured, does not share the rate limits,
    /// the instance still serves (under its own), so it stays ready: 200, reported as degraded.
    /// </summary>
    private static Task WriteReadinessAsync(HttpContext context, HealthReport report) => report.Status switch
    {
        HealthStatus.Healthy => context.Response.WriteAsJsonAsync(new { status = "ready" }, context.RequestAborted),
        HealthStatus.Degraded => context.Response.WriteAsJsonAsync(new { status = "degraded", redis = "unreachable" }, context.RequestAborted),
        _ => ApiErrorWriter.WriteAsync(context, ApiExceptionMapper.Unavailable),
    };
}
