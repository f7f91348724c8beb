using Layers.Api.Binding;
using Layers.Api.Middleware;

namespace Layers.Api.Errors;

public static class ApiErrorWriter
{
    public static async Task WriteAsync(HttpContext context, ApiProblem problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(problem);
        var response = context.Response;
        response.StatusCode = problem.Status;
        foreach (var (name, value) in problem.Headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        var envelope = new ApiErrorEnvelope(new ApiError(problem.Code, problem.Message, RequestIdMiddleware.Get(context), problem.Details));
        await response.WriteAsJsonAsync(envelope, ApiJson.Options, context.RequestAborted).ConfigureAwait(false);
    }
}
