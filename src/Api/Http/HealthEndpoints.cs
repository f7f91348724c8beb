using Layers.Api.Errors;
using Npgsql;

namespace Layers.Api.Http;

/// <summary>Liveness and readiness for load balancers and orchestrators; no key needed.</summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(2);

    // Probes may ask with HEAD to skip the body (RFC 9110, section 9.3.2).
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/healthz", GetAndHead, () => Results.Json(new { status = "ok" })).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapMethods("/readyz", GetAndHead, ReadyAsync).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static async Task ReadyAsync(HttpContext context, NpgsqlDataSource dataSource)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(ReadinessTimeout);
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            await ApiErrorWriter.WriteAsync(context, ApiExceptionMapper.Map(new NpgsqlException("Database unreachable.", exception))).ConfigureAwait(false);
            return;
        }

        await context.Response.WriteAsJsonAsync(new { status = "ready" }, context.RequestAborted).ConfigureAwait(false);
    }
}
