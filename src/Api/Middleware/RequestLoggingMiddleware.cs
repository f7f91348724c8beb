using System.Diagnostics;
using Layers.Api.Security;
using Microsoft.AspNetCore.Diagnostics;

namespace Layers.Api.Middleware;

/// <summary>
/// One structured line per request. Never the key or the body: only what identifies the request
/// and its outcome, and its W3C trace id (the caller's, when it sent a <c>traceparent</c>), which
/// joins the line to the request's trace and metric exemplars.
/// </summary>
public sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    // With the line off (logging at Warning), the request passes straight through: no frame of its own.
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return logger.IsEnabled(LogLevel.Information) ? InvokeLoggedAsync(context) : next(context);
    }

    private async Task InvokeLoggedAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var requestId = RequestIdMiddleware.Get(context);
            var route = (Endpoint(context) as RouteEndpoint)?.RoutePattern.RawText ?? "(unmatched)";
            var durationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var orgId = ApiKeyClaims.Find(context.User, ApiKeyClaims.OrgId);

            // The hosting layer starts an activity per request whenever anything listens, its
            // own logging included; the id is a string the activity already holds.
            var traceId = Activity.Current?.TraceId.ToHexString();
            LogRequest(logger, requestId, context.Request.Method, route, context.Response.StatusCode, durationMs, orgId, traceId);
        }
    }

    // The exception handler clears the endpoint of a failed request and keeps it in its feature.
    private static Endpoint? Endpoint(HttpContext context) =>
        context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;

    [LoggerMessage(Level = LogLevel.Information, Message = "{RequestId} {Method} {Route} {Status} in {DurationMs:0.0} ms org {OrgId} trace {TraceId}")]
    private static partial void LogRequest(ILogger logger, string requestId, string method, string route, int status, double durationMs, string? orgId, string? traceId);
}
