using Layers.Application.Common.Behaviors;
using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Security;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Commands.PatchInfluencer;
using Layers.Application.Influencers.Queries.GetInfluencer;
using Layers.Application.Tests.Support;

using MediatR;

namespace Layers.Application.Tests.Common.Behaviors;

public class AuthorizationBehaviorTests
{
    private int nextCalls;

    private Task<TResponse> Next<TResponse>(TResponse response)
    {
        nextCalls++;
        return Task.FromResult(response);
    }

    private Task<InfluencerResponse?> PatchAsync(ICurrentCaller caller) =>
        new AuthorizationBehavior<PatchInfluencerCommand, InfluencerResponse?>(caller).Handle(
            new PatchInfluencerCommand(TestInfluencers.Id),
            TestContext.Current.CancellationToken,
            () => Next<InfluencerResponse?>(null));

    [Fact]
    public async Task An_unauthenticated_caller_is_refused()
    {
        await Assert.ThrowsAsync<UnauthenticatedException>(() => PatchAsync(Callers.Anonymous()));

        Assert.Equal(0, nextCalls);
    }

    [Fact]
    public async Task A_key_without_the_required_scope_is_forbidden()
    {
        var exception = await Assert.ThrowsAsync<ForbiddenScopeException>(() => PatchAsync(Callers.Reader()));

        Assert.Equal("This API key lacks the 'influencers:write' scope.", exception.Message);
        Assert.Equal(0, nextCalls);
    }

    [Fact]
    public async Task A_write_scope_does_not_imply_the_read_scope()
    {
        var behavior = new AuthorizationBehavior<GetInfluencerQuery, int>(Callers.With(Scopes.InfluencersWrite));

        var exception = await Assert.ThrowsAsync<ForbiddenScopeException>(() =>
            behavior.Handle(new GetInfluencerQuery(TestInfluencers.Id), TestContext.Current.CancellationToken, () => Next(1)));

        Assert.Equal("This API key lacks the 'influencers:read' scope.", exception.Message);
        Assert.Equal(0, nextCalls);
    }

    [Fact]
    public async Task A_key_with_the_required_scope_goes_on()
    {
        await PatchAsync(Callers.With(Scopes.InfluencersWrite));

        Assert.Equal(1, nextCalls);
    }

    [Fact]
    public async Task A_request_that_declares_no_scope_fails_closed()
    {
        var behavior = new AuthorizationBehavior<UnscopedRequest, int>(Callers.With([.. Scopes.All]));

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            behavior.Handle(new UnscopedRequest(), TestContext.Current.CancellationToken, () => Next(1)));

        Assert.Equal("UnscopedRequest declares no [RequiresScope].", exception.Message);
        Assert.Equal(0, nextCalls);
    }

    [Fact]
    public async Task The_scope_attribute_is_not_inherited_from_a_base_request()
    {
        var behavior = new AuthorizationBehavior<DerivedRequest, int>(Callers.With([.. Scopes.All]));

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            behavior.Handle(new DerivedRequest(), TestContext.Current.CancellationToken, () => Next(1)));

        Assert.Equal(0, nextCalls);
    }

    public sealed record UnscopedRequest : IRequest<int>;

    [RequiresScope(Scopes.InfluencersRead)]
    public record BaseRequest : IRequest<int>;

    public sealed record DerivedRequest : BaseRequest;
}
