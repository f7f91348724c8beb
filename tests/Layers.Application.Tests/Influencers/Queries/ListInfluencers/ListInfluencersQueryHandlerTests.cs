using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Paging;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Queries.ListInfluencers;
using Layers.Application.Tests.Support;
using Layers.Domain.Influencers;
using Layers.Domain.Organizations;

using NSubstitute;

namespace Layers.Application.Tests.Influencers.Queries.ListInfluencers;

public class ListInfluencersQueryHandlerTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(value => (byte)value)];

    private readonly IInfluencerRepository influencers = Substitute.For<IInfluencerRepository>();
    private readonly ICursorSigningKey signingKey = Substitute.For<ICursorSigningKey>();

    public ListInfluencersQueryHandlerTests()
    {
        signingKey.GetAsync(Arg.Any<CancellationToken>()).Returns(new ReadOnlyMemory<byte>(Key));
    }

    private Task<InfluencerPage> ListAsync(ListInfluencersQuery query) =>
        new ListInfluencersQueryHandler(influencers, signingKey, Callers.Reader(), TestInfluencers.Mapper)
            .Handle(query, TestContext.Current.CancellationToken);

    /// <summary>Influencers newest first, one second apart, named Ava 1, Ava 2, ...</summary>
    private static List<Influencer> Stored(int count) =>
    [
        .. Enumerable.Range(1, count).Select(n => Influencer.Restore(
            new InfluencerId(Guid.CreateVersion7()),
            Callers.Org,
            TestInfluencers.Project,
            InfluencerName.Create($"Ava {n}"),
            Gender.Female,
            null,
            BrandVoice.Warm,
            LanguageTag.Create("en"),
            InfluencerStatus.Ready,
            TestInfluencers.CreatedAt.AddSeconds(-n),
            TestInfluencers.CreatedAt.AddSeconds(-n),
            deletedAt: null,
            version: 1)),
    ];

    private void StoreReturns(IReadOnlyList<Influencer> found) =>
        influencers.ListAsync(Arg.Any<OrgId>(), Arg.Any<ProjectId?>(), Arg.Any<InfluencerListPosition?>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(found);

    [Fact]
    public async Task A_page_asks_the_store_for_one_more_than_the_limit_in_the_callers_org_with_the_filter_and_position()
    {
        var cursor = InfluencerListCursor.Issue(Key, Callers.Org, TestInfluencers.Project, new(TestInfluencers.CreatedAt, TestInfluencers.Id));
        StoreReturns([]);

        await ListAsync(new ListInfluencersQuery(TestInfluencers.Project, 5, cursor));

        await influencers.Received(1).ListAsync(Callers.Org, TestInfluencers.Project, new InfluencerListPosition(TestInfluencers.CreatedAt, TestInfluencers.Id), 6, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_page_that_holds_everything_left_has_no_next_cursor()
    {
        var stored = Stored(3);
        StoreReturns(stored);

        var page = await ListAsync(new ListInfluencersQuery(null, 3));

        Assert.Equal(["Ava 1", "Ava 2", "Ava 3"], page.Data.Select(influencer => influencer.Name));
        Assert.Equal(stored.Select(influencer => influencer.Id.ToString()), page.Data.Select(influencer => influencer.InfluencerId));
        Assert.Null(page.NextCursor);
        await signingKey.DidNotReceive().GetAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_full_page_with_more_after_it_leaves_the_extra_out_and_points_past_its_last_influencer()
    {
        var stored = Stored(4);
        StoreReturns(stored);

        var page = await ListAsync(new ListInfluencersQuery(TestInfluencers.Project, 3));

        Assert.Equal(["Ava 1", "Ava 2", "Ava 3"], page.Data.Select(influencer => influencer.Name));
        Assert.True(InfluencerListCursor.TryParse(page.NextCursor, out var next));
        Assert.Equal(new InfluencerListPosition(stored[2].CreatedAt, stored[2].Id), next.Position);
        Assert.True(next.IsIssuedFor(Key, Callers.Org, TestInfluencers.Project));
    }

    [Fact]
    public async Task Each_record_is_the_one_a_read_returns()
    {
        var stored = TestInfluencers.Stored();
        StoreReturns([stored]);

        var page = await ListAsync(new ListInfluencersQuery(null));

        Assert.Equal(TestInfluencers.Mapper.Map<InfluencerResponse>(stored), Assert.Single(page.Data));
    }

    [Fact]
    public async Task An_empty_listing_is_an_empty_last_page()
    {
        StoreReturns([]);

        var page = await ListAsync(new ListInfluencersQuery(null));

        Assert.Empty(page.Data);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task An_unauthenticated_caller_lists_nothing()
    {
        var handler = new ListInfluencersQueryHandler(influencers, signingKey, Callers.Anonymous(), TestInfluencers.Mapper);

        await Assert.ThrowsAsync<UnauthenticatedException>(() => handler.Handle(new ListInfluencersQuery(null), TestContext.Current.CancellationToken));

        Assert.Empty(influencers.ReceivedCalls());
    }
}
