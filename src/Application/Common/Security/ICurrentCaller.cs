using Layers.Application.Common.Exceptions;

namespace Layers.Application.Common.Security;

/// <summary>The caller of the request being handled; null identity when unauthenticated.</summary>
public interface ICurrentCaller
{
    CallerIdentity? Identity { get; }
}

public static class CurrentCallerExtensions
{
    public static CallerIdentity Require(this ICurrentCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Identity ?? throw new UnauthenticatedException();
    }
}
