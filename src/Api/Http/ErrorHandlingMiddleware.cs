using Layers.Api.Errors;

namespace Layers.Api.Http;

/// <summary>Turns any exception into the error envelope; logs only the unexpected as errors.</summary>
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
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            var problem = ApiExceptionMapper.Map(exception);
            LogOutcome(logger, problem.LogLevel, exception, context.Request.Method, context.Request.Path, problem.Status, problem.Code);
            context.Response.Clear();
            await ApiErrorWriter.WriteAsync(context, problem).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Message = "{Method} {Path} answered {Status} {Code}")]
    private static partial void LogOutcome(ILogger logger, LogLevel level, Exception exception, string method, PathString path, int status, string code);
}
