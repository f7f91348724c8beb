using Layers.Application.Common.Security;

namespace Layers.Api.Http;

/// <summary>
/// The caller of the current request, kept as a feature of its <see cref="HttpContext"/> by the
/// authentication middleware. Stateless, so the pipeline's services can all be singletons.
/// </summary>
public sealed class HttpContextCaller(IHttpContextAccessor accessor) : ICurrentCaller
{
    public CallerIdentity? Identity => accessor.HttpContext?.Features.Get<CallerIdentity>();

    public static CallerIdentity? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<CallerIdentity>();
    }

    public static void Set(HttpContext context, CallerIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Features.Set(identity);
    }
}
