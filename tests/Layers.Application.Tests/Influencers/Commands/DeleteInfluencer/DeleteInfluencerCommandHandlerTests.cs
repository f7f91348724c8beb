using Layers.Application.Common.Concurrency;
using Layers.Application.Common.Exceptions;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Commands.DeleteInfluencer;
using Layers.Application.Tests.Support;
using Layers.Domain.Influencers;
using Layers.Domain.Organizations;

using MediatR;

using NSubstitute;

namespace Layers.Application.Tests.Influencers.Commands.DeleteInfluencer;

public class DeleteInfluencerCommandHandlerTests
{
    private readonly IInfluencerRepository influencers = Substitute.For<IInfluencerRepository>();

    private Task<Unit> DeleteAsync(string id, VersionPrecondition? precondition = null)
    {
        IRequestHandler<DeleteInfluencerCommand, Unit> handler =
            new DeleteInfluencerCommandHandler(influencers, Callers.Writer(), new FixedTimeProvider(TestInfluencers.Now));
        return handler.Handle(new DeleteInfluencerCommand(InfluencerId.TryParse(id, out var parsed) ? parsed : null, precondition), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Delete_saves_the_influencer_marked_deleted_now()
    {
        var stored = TestInfluencers.Stored();
        influencers.FindAsync(Callers.Org, TestInfluencers.Id, Arg.Any<CancellationToken>()).Returns(stored);
        influencers.SaveChangesAsync(stored, Arg.Any<long?>(), Arg.Any<CancellationToken>()).Returns(stored);

        await DeleteAsync(TestInfluencers.IdText);

        await influencers.Received(1).SaveChangesAsync(
            Arg.Is<Influencer>(influencer =>
                influencer.PendingChanges == InfluencerChanges.Deleted && influencer.DeletedAt == TestInfluencers.Now),
            Arg.Is<long?>((long?)null), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Delete_when_the_precondition_excludes_every_version_fails_and_deletes_nothing()
    {
        var stored = TestInfluencers.Stored();
        influencers.FindAsync(Callers.Org, TestInfluencers.Id, Arg.Any<CancellationToken>()).Returns(stored);

        await Assert.ThrowsAsync<PreconditionFailedException>(() => DeleteAsync(TestInfluencers.IdText, new(null, VersionSet.Any)));

        Assert.Null(stored.DeletedAt);
        await influencers.Received(0).SaveChangesAsync(Arg.Any<Influencer>(), Arg.Any<long?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Delete_of_an_influencer_the_store_does_not_return_is_not_found()
    {
        influencers.FindAsync(Arg.Any<OrgId>(), Arg.Any<InfluencerId>(), Arg.Any<CancellationToken>()).Returns((Influencer?)null);

        var exception = await Assert.ThrowsAsync<NotFoundException>(() => DeleteAsync(TestInfluencers.IdText));

        Assert.Equal("Influencer not found.", exception.Message);
        await influencers.Received(1).FindAsync(Callers.Org, TestInfluencers.Id, Arg.Any<CancellationToken>());
        await influencers.Received(0).SaveChangesAsync(Arg.Any<Influencer>(), Arg.Any<long?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Delete_racing_another_delete_is_not_found()
    {
        influencers.FindAsync(Callers.Org, TestInfluencers.Id, Arg.Any<CancellationToken>()).Returns(TestInfluencers.Stored());
        influencers.SaveChangesAsync(Arg.Any<Influencer>(), Arg.Any<long?>(), Arg.Any<CancellationToken>()).Returns((Influencer?)null);

        var exception = await Assert.ThrowsAsync<NotFoundException>(() => DeleteAsync(TestInfluencers.IdText));

        Assert.Equal("Influencer not found.", exception.Message);
    }

    [Fact]
    public async Task Delete_of_an_id_that_does_not_parse_is_not_found_without_a_lookup()
    {
        var exception = await Assert.ThrowsAsync<NotFoundException>(() => DeleteAsync("inf_123"));

        Assert.Equal("Influencer not found.", exception.Message);
        Assert.Empty(influencers.ReceivedCalls());
    }
}
