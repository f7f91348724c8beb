using System.Collections.Frozen;

using Layers.Application.Common.Security;
using Layers.Domain.Organizations;

using NSubstitute;

namespace Layers.Application.Tests.Support;

public static class Callers
{
    public static readonly OrgId Org = new(Guid.Parse("0a0a0a0a-1111-4222-8333-444455556666"));

    public static ICurrentCaller With(params string[] scopes)
    {
        var caller = Substitute.For<ICurrentCaller>();
        caller.Identity.Returns(new CallerIdentity(Org, "abcdefghijklmnop", scopes.ToFrozenSet(StringComparer.Ordinal)));
        return caller;
    }

    public static ICurrentCaller Writer() => With(Scopes.InfluencersRead, Scopes.InfluencersWrite);

    public static ICurrentCaller Reader() => With(Scopes.InfluencersRead);

    public static ICurrentCaller Anonymous()
    {
        var caller = Substitute.For<ICurrentCaller>();
        caller.Identity.Returns((CallerIdentity?)null);
        return caller;
    }
}
