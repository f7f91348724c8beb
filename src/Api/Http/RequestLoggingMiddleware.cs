using System.Diagnostics;
using Layers.Api.Security;

namespace Layers.Api.Http;

/// <summary>
/// One structured line per request. Never the key or the body: only what identifies the request
/// and its outcome.
/// </summary>
public sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                var requestId = RequestIdMiddleware.Get(context);
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unmatched)";
                var durationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var orgId = ApiKeyClaims.Find(context.User, ApiKeyClaims.OrgId);
                LogRequest(logger, requestId, context.Request.Method, route, context.Response.StatusCode, durationMs, orgId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{RequestId} {Method} {Route} {Status} in {DurationMs:0.0} ms org {OrgId}")]
    private static partial void LogRequest(ILogger logger, string requestId, string method, string route, int status, double durationMs, string? orgId);
}
