using Layers.Application.Common.Concurrency;
using Layers.Application.Common.Exceptions;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Commands.CloneInfluencer;
using Layers.Application.Tests.Support;
using Layers.Domain.Influencers;
using Layers.Domain.Organizations;

using NSubstitute;

namespace Layers.Application.Tests.Influencers.Commands.CloneInfluencer;

public class CloneInfluencerCommandHandlerTests
{
    private readonly IInfluencerRepository influencers = Substitute.For<IInfluencerRepository>();
    private Influencer? added;

    public CloneInfluencerCommandHandlerTests()
    {
        influencers.AddAsync(Arg.Do<Influencer>(influencer => added = influencer), Arg.Any<CancellationToken>());
        influencers.FindAsync(Callers.Org, TestInfluencers.Id, Arg.Any<CancellationToken>()).Returns(_ => TestInfluencers.Stored());
    }

    private static CloneInfluencerCommand Clone(string language = "es-MX", string? name = null, VersionPrecondition? precondition = null) =>
        new(TestInfluencers.Id)
        {
            Language = LanguageTag.Create(language),
            Name = name is null ? null : InfluencerName.Create(name),
            Precondition = precondition,
        };

    private Task<InfluencerResponse> HandleAsync(CloneInfluencerCommand command) =>
        new CloneInfluencerCommandHandler(influencers, Callers.Writer(), new FixedTimeProvider(TestInfluencers.Now), TestInfluencers.Mapper)
            .Handle(command, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Clone_adds_a_new_influencer_in_the_language_and_returns_it()
    {
        var response = await HandleAsync(Clone());

        Assert.NotNull(added);
        Assert.NotEqual(TestInfluencers.Id, added.Id);
        Assert.Equal(added.Id.ToString(), response.InfluencerId);
        Assert.Equal(
            (TestInfluencers.ProjectIdText, "Ava Chen", "female", "young_adult", "authentic", "es-MX", "ready", "2026-04-18T09:18:44Z", "2026-04-18T09:18:44Z", 1L),
            (response.ProjectId, response.Name, response.Gender, response.AgeRange, response.BrandVoice, response.Language, response.Status, response.CreatedAt, response.UpdatedAt, response.Version));
        Assert.Equal(Callers.Org, added.OrgId);
    }

    [Fact]
    public async Task Clone_with_a_name_gives_the_clone_that_name()
    {
        var response = await HandleAsync(Clone("fr", "Ava (FR)"));

        Assert.Equal("Ava (FR)", response.Name);
    }

    [Fact]
    public async Task Clone_writes_nothing_to_the_source()
    {
        await HandleAsync(Clone());

        await influencers.Received(1).AddAsync(Arg.Any<Influencer>(), Arg.Any<CancellationToken>());
        await influencers.DidNotReceive().SaveChangesAsync(Arg.Any<Influencer>(), Arg.Any<long?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Clone_of_a_source_the_store_does_not_return_is_not_found_and_adds_nothing()
    {
        influencers.FindAsync(Arg.Any<OrgId>(), Arg.Any<InfluencerId>(), Arg.Any<CancellationToken>()).Returns((Influencer?)null);

        var exception = await Assert.ThrowsAsync<NotFoundException>(() => HandleAsync(Clone()));

        Assert.Equal("Influencer not found.", exception.Message);
        await influencers.DidNotReceive().AddAsync(Arg.Any<Influencer>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Clone_of_an_id_that_does_not_parse_is_not_found_without_a_lookup()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => HandleAsync(Clone() with { InfluencerId = null }));

        Assert.Empty(influencers.ReceivedCalls());
    }

    [Fact]
    public async Task Clone_when_the_sources_version_is_not_the_preconditions_is_a_failed_precondition_and_adds_nothing()
    {
        var stored = TestInfluencers.Stored();

        await Assert.ThrowsAsync<PreconditionFailedException>(() => HandleAsync(Clone(precondition: new(VersionSet.Of([stored.Version + 1]), null))));

        await influencers.DidNotReceive().AddAsync(Arg.Any<Influencer>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Clone_when_the_sources_version_is_the_preconditions_is_made()
    {
        var stored = TestInfluencers.Stored();

        var response = await HandleAsync(Clone(precondition: new(VersionSet.Of([stored.Version]), null)));

        Assert.Equal("es-MX", response.Language);
    }
}
