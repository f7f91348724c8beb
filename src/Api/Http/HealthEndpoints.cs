using Layers.Api.Errors;
using Layers.Infrastructure.Persistence;

namespace Layers.Api.Http;

/// <summary>Liveness and readiness for load balancers and orchestrators; no key needed.</summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Exactly these routes skip the rate limits; any other path is limited like the API.
        endpoints.MapGet("/healthz", () => Results.Json(new { status = "ok" })).AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();
        endpoints.MapGet("/readyz", ReadyAsync).AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();
        return endpoints;
    }

    private static async Task ReadyAsync(HttpContext context, DatabaseHealth database)
    {
        if (!await database.IsReadyAsync(ReadinessTimeout, context.RequestAborted).ConfigureAwait(false))
        {
            await ApiErrorWriter.WriteAsync(context, ApiExceptionMapper.Unavailable).ConfigureAwait(false);
            return;
        }

        await context.Response.WriteAsJsonAsync(new { status = "ready" }, context.RequestAborted).ConfigureAwait(false);
    }
}
