using Layers.Api.Idempotency;
using Layers.Api.Middleware;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Diagnostics;

namespace Layers.Api.Errors;

/// <summary>
/// The framework's exception handler turns any exception into the error envelope here, and its
/// status-code pages give bodiless error statuses (unknown route, wrong method) the same envelope.
/// Each outcome is logged at its own level: only the unexpected is an error. A client that went
/// away is answered nothing.
/// </summary>
public sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is ConnectionResetException)
        {
            // The client reset its connection, and the read failed before Kestrel cancelled
            // RequestAborted, by which the framework knows a client gone away: ended as the
            // framework ends those, and the connection aborted so that Kestrel drains no body.
            LogClientGone(logger, httpContext.Request.Method, httpContext.Request.Path);
            httpContext.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            httpContext.Abort();
            return true;
        }

        var problem = ApiExceptionMapper.Map(exception);
        LogOutcome(logger, problem.LogLevel, exception, httpContext.Request.Method, httpContext.Request.Path, problem.Status, problem.Code);

        // The framework cleared the failed response, the headers every response carries included.
        RequestIdMiddleware.SetHeaders(httpContext.Response);
        await ApiErrorWriter.WriteAsync(httpContext, problem).ConfigureAwait(false);
        return true;
    }

    /// <summary>The status-code pages' handler.</summary>
    public static Task WriteBodilessStatusAsync(StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ApiErrorWriter.WriteAsync(context.HttpContext, ApiExceptionMapper.ForStatus(context.HttpContext.Response.StatusCode));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path}: the client reset the connection")]
    private static partial void LogClientGone(ILogger logger, string method, PathString path);

    [LoggerMessage(Message = "{Method} {Path} answered {Status} {Code}")]
    private static partial void LogOutcome(ILogger logger, LogLevel level, Exception exception, string method, PathString path, int status, string code);
}
