using Layers.Application.Common.Security;

namespace Layers.Api.Security;

/// <summary>
/// The caller of the current request: its authenticated principal. Stateless, so the pipeline's
/// services can all be singletons.
/// </summary>
public sealed class ClaimsPrincipalCaller(IHttpContextAccessor accessor) : ICurrentCaller
{
    public CallerIdentity? Identity => ApiKeyClaims.Caller(accessor.HttpContext?.User);
}
