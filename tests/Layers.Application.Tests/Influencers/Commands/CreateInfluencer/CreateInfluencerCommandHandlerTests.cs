using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Security;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Commands.CreateInfluencer;
using Layers.Application.Tests.Support;
using Layers.Domain.Influencers;

using NSubstitute;

namespace Layers.Application.Tests.Influencers.Commands.CreateInfluencer;

public class CreateInfluencerCommandHandlerTests
{
    private readonly IInfluencerRepository influencers = Substitute.For<IInfluencerRepository>();
    private Influencer? added;

    public CreateInfluencerCommandHandlerTests()
    {
        influencers.AddAsync(Arg.Do<Influencer>(influencer => added = influencer), Arg.Any<CancellationToken>());
    }

    /// <summary>Ava Chen, of the test project, with only the required fields.</summary>
    private static CreateInfluencerCommand Create(Gender gender = Gender.Female) =>
        new(TestInfluencers.Project, InfluencerName.Create("Ava Chen"), gender);

    private Task<InfluencerResponse> CreateAsync(CreateInfluencerCommand command, ICurrentCaller? caller = null)
    {
        var handler = new CreateInfluencerCommandHandler(
            influencers,
            caller ?? Callers.Writer(),
            new FixedTimeProvider(TestInfluencers.Now),
            TestInfluencers.Mapper);
        return handler.Handle(command, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Create_with_only_the_required_fields_defaults_brand_voice_language_and_status()
    {
        var response = await CreateAsync(Create());

        Assert.Equal(TestInfluencers.ProjectIdText, response.ProjectId);
        Assert.Equal("Ava Chen", response.Name);
        Assert.Equal("female", response.Gender);
        Assert.Null(response.AgeRange);
        Assert.Equal("authentic", response.BrandVoice);
        Assert.Equal("en", response.Language);
        Assert.Equal("ready", response.Status);
        Assert.Equal("2026-04-18T09:18:44Z", response.CreatedAt);
        Assert.Equal("2026-04-18T09:18:44Z", response.UpdatedAt);
    }

    [Fact]
    public async Task Create_adds_the_influencer_to_the_callers_org_under_the_id_it_returns()
    {
        var response = await CreateAsync(Create());

        await influencers.Received(1).AddAsync(Arg.Any<Influencer>(), Arg.Any<CancellationToken>());
        Assert.NotNull(added);
        Assert.Equal(Callers.Org, added.OrgId);
        Assert.Equal(TestInfluencers.Project, added.ProjectId);
        Assert.Equal(added.Id.ToString(), response.InfluencerId);
        Assert.StartsWith("inf_", response.InfluencerId, StringComparison.Ordinal);
        Assert.Equal(TestInfluencers.Now, added.CreatedAt);
    }

    [Fact]
    public async Task A_caller_that_chooses_the_id_gets_that_id()
    {
        var handler = new CreateInfluencerCommandHandler(influencers, Callers.Writer(), new FixedTimeProvider(TestInfluencers.Now), TestInfluencers.Mapper);

        var response = await handler.Handle(
            Create() with { Id = TestInfluencers.Id },
            TestContext.Current.CancellationToken);

        Assert.Equal(TestInfluencers.IdText, response.InfluencerId);
        await influencers.Received(1).AddAsync(Arg.Is<Influencer>(added => added.Id == TestInfluencers.Id), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Create_uses_every_sent_value()
    {
        var response = await CreateAsync(new CreateInfluencerCommand(TestInfluencers.Project, InfluencerName.Create("Mia Park"), Gender.NonBinary)
        {
            AgeRange = AgeRange.MidAdult,
            BrandVoice = BrandVoice.Educational,
            Language = LanguageTag.Create("zh-hans-cn"),
        });

        Assert.Equal(TestInfluencers.ProjectIdText, response.ProjectId);
        Assert.Equal("Mia Park", response.Name);
        Assert.Equal("non_binary", response.Gender);
        Assert.Equal("mid_adult", response.AgeRange);
        Assert.Equal("educational", response.BrandVoice);
        Assert.Equal("zh-Hans-CN", response.Language);
    }

    [Fact]
    public async Task Create_with_null_age_range_leaves_it_empty()
    {
        var response = await CreateAsync(Create(Gender.Male) with { AgeRange = null });

        Assert.Null(response.AgeRange);
        Assert.Null(added?.AgeRange);
    }

    [Fact]
    public async Task Create_by_an_unauthenticated_caller_adds_nothing()
    {
        await Assert.ThrowsAsync<UnauthenticatedException>(() => CreateAsync(Create(Gender.Male), Callers.Anonymous()));

        Assert.Empty(influencers.ReceivedCalls());
    }
}
