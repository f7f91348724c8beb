using Layers.Application.Common.Concurrency;
using Layers.Application.Common.Exceptions;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Queries.GetInfluencer;
using Layers.Application.Tests.Support;
using Layers.Domain.Influencers;
using Layers.Domain.Organizations;

using NSubstitute;

namespace Layers.Application.Tests.Influencers.Queries.GetInfluencer;

public class GetInfluencerQueryHandlerTests
{
    private readonly IInfluencerRepository influencers = Substitute.For<IInfluencerRepository>();

    private Task<InfluencerResponse> GetAsync(string id, VersionPrecondition? precondition = null) =>
        new GetInfluencerQueryHandler(influencers, Callers.Reader(), TestInfluencers.Mapper)
            .Handle(new GetInfluencerQuery(InfluencerId.TryParse(id, out var parsed) ? parsed : null, precondition), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Get_returns_the_callers_influencer_as_its_public_record()
    {
        influencers.FindAsync(Callers.Org, TestInfluencers.Id, Arg.Any<CancellationToken>()).Returns(TestInfluencers.Stored());

        var response = await GetAsync(TestInfluencers.IdText);

        Assert.Equal(TestInfluencers.IdText, response.InfluencerId);
        Assert.Equal(TestInfluencers.ProjectIdText, response.ProjectId);
        Assert.Equal("Ava Chen", response.Name);
        Assert.Equal("young_adult", response.AgeRange);
    }

    [Fact]
    public async Task Get_of_an_influencer_the_store_does_not_return_is_not_found()
    {
        influencers.FindAsync(Arg.Any<OrgId>(), Arg.Any<InfluencerId>(), Arg.Any<CancellationToken>()).Returns((Influencer?)null);

        var exception = await Assert.ThrowsAsync<NotFoundException>(() => GetAsync(TestInfluencers.IdText));

        Assert.Equal("Influencer not found.", exception.Message);
        await influencers.Received(1).FindAsync(Callers.Org, TestInfluencers.Id, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Get_when_the_stored_version_is_not_one_of_the_precondition_is_a_failed_precondition()
    {
        var stored = TestInfluencers.Stored();
        influencers.FindAsync(Callers.Org, TestInfluencers.Id, Arg.Any<CancellationToken>()).Returns(stored);

        var exception = await Assert.ThrowsAsync<PreconditionFailedException>(() =>
            GetAsync(TestInfluencers.IdText, new(VersionSet.Of([stored.Version + 1]), null)));

        Assert.Equal(PreconditionFailedException.DefaultMessage, exception.Message);
    }

    [Fact]
    public async Task Get_of_a_missing_influencer_is_not_found_whatever_the_precondition()
    {
        influencers.FindAsync(Arg.Any<OrgId>(), Arg.Any<InfluencerId>(), Arg.Any<CancellationToken>()).Returns((Influencer?)null);

        await Assert.ThrowsAsync<NotFoundException>(() => GetAsync(TestInfluencers.IdText, new(VersionSet.Of([]), VersionSet.Any)));
    }

    [Theory]
    [InlineData("inf_nope")]
    [InlineData("prj_4a8e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e")]
    public async Task Get_of_an_id_that_does_not_parse_is_not_found_without_a_lookup(string id)
    {
        var exception = await Assert.ThrowsAsync<NotFoundException>(() => GetAsync(id));

        Assert.Equal("Influencer not found.", exception.Message);
        Assert.Empty(influencers.ReceivedCalls());
    }
}
