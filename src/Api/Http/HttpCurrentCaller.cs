using Layers.Application.Common.Security;

namespace Layers.Api.Http;

/// <summary>The request's caller, set once by the authentication middleware.</summary>
public sealed class HttpCurrentCaller : ICurrentCaller
{
    public CallerIdentity? Identity { get; set; }
}
