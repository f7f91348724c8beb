using Layers.Api.Errors;

namespace Layers.Api.Http;

/// <summary>
/// Turns any exception into the error envelope, and gives bodiless error statuses (unknown route,
/// wrong method) the same envelope; logs only the unexpected as errors.
/// </summary>
public sealed partial class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody is left to answer.
            return;
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            var problem = ApiExceptionMapper.Map(exception);
            LogOutcome(logger, problem.LogLevel, exception, context.Request.Method, context.Request.Path, problem.Status, problem.Code);
            context.Response.Clear();
            RequestIdMiddleware.SetHeaders(context.Response);
            await ApiErrorWriter.WriteAsync(context, problem).ConfigureAwait(false);
            return;
        }

        if (IsBodilessError(context.Response))
        {
            await ApiErrorWriter.WriteAsync(context, ApiExceptionMapper.ForStatus(context.Response.StatusCode)).ConfigureAwait(false);
        }
    }

    // As the framework's status-code pages judge it: an error status whose answer has no body yet.
    private static bool IsBodilessError(HttpResponse response) =>
        response.StatusCode is >= 400 and < 600
        && !response.HasStarted
        && response.ContentLength is null
        && string.IsNullOrEmpty(response.ContentType);

    [LoggerMessage(Message = "{Method} {Path} answered {Status} {Code}")]
    private static partial void LogOutcome(ILogger logger, LogLevel level, Exception exception, string method, PathString path, int status, string code);
}
