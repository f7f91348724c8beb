using Layers.Api.Security;
using Layers.Application.Common.Security;
using Layers.Application.Influencers.Commands.PatchInfluencer;
using Layers.Application.Influencers.Queries.ListInfluencers;

namespace Layers.Api.Tests.Security;

/// <summary>An action's policy is the scope its request declares, written nowhere else.</summary>
public sealed class AuthorizeRequestAttributeTests
{
    [Fact]
    public void The_policy_is_the_scope_the_request_declares()
    {
        Assert.Equal(
            (Scopes.InfluencersWrite, Scopes.InfluencersRead),
            (new AuthorizeRequestAttribute<PatchInfluencerCommand>().Policy, new AuthorizeRequestAttribute<ListInfluencersQuery>().Policy));
    }

    [Fact]
    public void A_request_without_a_declared_scope_is_refused()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => new AuthorizeRequestAttribute<Undeclared>());

        Assert.Equal("Undeclared declares no [RequiresScope].", refused.Message);
    }

    private sealed record Undeclared;
}
