using Layers.Application.Common.Concurrency;
using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Security;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Commands.PatchInfluencer;
using Layers.Application.Tests.Support;
using Layers.Domain.Influencers;
using Layers.Domain.Organizations;

using NSubstitute;

namespace Layers.Application.Tests.Influencers.Commands.PatchInfluencer;

public class PatchInfluencerCommandHandlerTests
{
    private readonly IInfluencerRepository influencers = Substitute.For<IInfluencerRepository>();

    public PatchInfluencerCommandHandlerTests()
    {
        // The store echoes what it was given unless a test says otherwise.
        influencers.SaveChangesAsync(Arg.Any<Influencer>(), Arg.Any<long?>(), Arg.Any<CancellationToken>())
            .Returns(call => call.Arg<Influencer>());
    }

    private static readonly InfluencerName Mia = InfluencerName.Create("Mia");

    /// <summary>A patch of the influencer named by <paramref name="id"/> (null when it is no id, as the API passes it), changing nothing yet.</summary>
    private static PatchInfluencerCommand Patch(string id = TestInfluencers.IdText, VersionPrecondition? precondition = null) =>
        new(InfluencerId.TryParse(id, out var parsed) ? parsed : null) { Precondition = precondition };

    private Task<InfluencerResponse> PatchAsync(PatchInfluencerCommand command, ICurrentCaller? caller = null)
    {
        var handler = new PatchInfluencerCommandHandler(
            influencers,
            caller ?? Callers.Writer(),
            new FixedTimeProvider(TestInfluencers.Now),
            TestInfluencers.Mapper);
        return handler.Handle(command, TestContext.Current.CancellationToken);
    }

    private Influencer GivenStored(Influencer influencer)
    {
        influencers.FindAsync(Callers.Org, TestInfluencers.Id, Arg.Any<CancellationToken>()).Returns(influencer);
        return influencer;
    }

    [Fact]
    public async Task Patch_applies_only_the_sent_fields()
    {
        var stored = GivenStored(TestInfluencers.Stored());

        var response = await PatchAsync(Patch() with { BrandVoice = BrandVoice.Casual, Language = LanguageTag.Create("es-MX") });

        Assert.Equal(InfluencerChanges.BrandVoice | InfluencerChanges.Language, stored.PendingChanges);
        Assert.Equal("Ava Chen", response.Name);
        Assert.Equal("female", response.Gender);
        Assert.Equal("young_adult", response.AgeRange);
        Assert.Equal("casual", response.BrandVoice);
        Assert.Equal("es-MX", response.Language);
        Assert.Equal("2026-04-01T14:22:10Z", response.CreatedAt);
        Assert.Equal("2026-04-18T09:18:44Z", response.UpdatedAt);
    }

    [Fact]
    public async Task Patch_with_every_field_changes_every_field()
    {
        var stored = GivenStored(TestInfluencers.Stored());

        var response = await PatchAsync(Patch() with
        {
            Name = InfluencerName.Create("Mia Park"),
            Gender = Gender.NonBinary,
            AgeRange = AgeRange.MidAdult,
            BrandVoice = BrandVoice.Witty,
            Language = LanguageTag.Create("zh-hans-cn"),
        });

        Assert.Equal(
            InfluencerChanges.Name | InfluencerChanges.Gender | InfluencerChanges.AgeRange | InfluencerChanges.BrandVoice | InfluencerChanges.Language,
            stored.PendingChanges);
        Assert.Equal("Mia Park", response.Name);
        Assert.Equal("non_binary", response.Gender);
        Assert.Equal("mid_adult", response.AgeRange);
        Assert.Equal("witty", response.BrandVoice);
        Assert.Equal("zh-Hans-CN", response.Language);
    }

    [Fact]
    public async Task Patch_with_null_age_range_clears_it()
    {
        var stored = GivenStored(TestInfluencers.Stored());

        var response = await PatchAsync(Patch() with { AgeRange = (AgeRange?)null });

        Assert.Null(stored.AgeRange);
        Assert.Null(response.AgeRange);
        Assert.Equal(InfluencerChanges.AgeRange, stored.PendingChanges);
    }

    [Fact]
    public async Task A_real_change_is_saved_once_with_its_pending_changes()
    {
        GivenStored(TestInfluencers.Stored());

        await PatchAsync(Patch() with { Gender = Gender.Male });

        await influencers.Received(1).SaveChangesAsync(
            Arg.Is<Influencer>(influencer =>
                influencer.PendingChanges == InfluencerChanges.Gender
                && influencer.Gender == Gender.Male
                && influencer.UpdatedAt == TestInfluencers.Now),
            Arg.Is<long?>((long?)null), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Patch_that_changes_nothing_is_not_saved_and_keeps_updated_at()
    {
        GivenStored(TestInfluencers.Stored());

        var response = await PatchAsync(Patch() with
        {
            Name = InfluencerName.Create("Ava Chen"),
            Gender = Gender.Female,
            AgeRange = AgeRange.YoungAdult,
            BrandVoice = BrandVoice.Authentic,
            Language = LanguageTag.Create("EN"),
        });

        await influencers.Received(0).SaveChangesAsync(Arg.Any<Influencer>(), Arg.Any<long?>(), Arg.Any<CancellationToken>());
        Assert.Equal("2026-04-01T14:22:10Z", response.UpdatedAt);
        Assert.Equal("en", response.Language);
    }

    [Fact]
    public async Task Clearing_an_age_range_that_is_already_empty_is_not_saved()
    {
        GivenStored(TestInfluencers.Stored(ageRange: null));

        var response = await PatchAsync(Patch() with { AgeRange = (AgeRange?)null });

        await influencers.Received(0).SaveChangesAsync(Arg.Any<Influencer>(), Arg.Any<long?>(), Arg.Any<CancellationToken>());
        Assert.Null(response.AgeRange);
    }

    [Fact]
    public async Task The_response_maps_the_aggregate_the_store_returns()
    {
        GivenStored(TestInfluencers.Stored());
        // Another request renamed the influencer meanwhile; the store returns the row as it is now.
        influencers.SaveChangesAsync(Arg.Any<Influencer>(), Arg.Any<long?>(), Arg.Any<CancellationToken>())
            .Returns(TestInfluencers.Stored(name: "Renamed Elsewhere"));

        var response = await PatchAsync(Patch() with { BrandVoice = BrandVoice.Warm });

        Assert.Equal("Renamed Elsewhere", response.Name);
        Assert.Equal("authentic", response.BrandVoice);
    }

    [Theory]
    [InlineData("not-an-id")]
    [InlineData("prj_4a8e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e")]
    [InlineData("inf_00000000-0000-0000-0000-000000000000")]
    [InlineData("")]
    public async Task Patch_of_an_id_that_does_not_parse_is_not_found_without_a_lookup(string id)
    {
        var exception = await Assert.ThrowsAsync<NotFoundException>(() => PatchAsync(Patch(id) with { Name = Mia }));

        Assert.Equal("Influencer not found.", exception.Message);
        Assert.Empty(influencers.ReceivedCalls());
    }

    [Fact]
    public async Task Patch_of_an_influencer_the_store_does_not_return_is_not_found()
    {
        influencers.FindAsync(Arg.Any<OrgId>(), Arg.Any<InfluencerId>(), Arg.Any<CancellationToken>()).Returns((Influencer?)null);

        var exception = await Assert.ThrowsAsync<NotFoundException>(() => PatchAsync(Patch() with { Name = Mia }));

        Assert.Equal("Influencer not found.", exception.Message);
        await influencers.Received(0).SaveChangesAsync(Arg.Any<Influencer>(), Arg.Any<long?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Patch_of_an_influencer_deleted_before_the_save_is_not_found()
    {
        GivenStored(TestInfluencers.Stored());
        influencers.SaveChangesAsync(Arg.Any<Influencer>(), Arg.Any<long?>(), Arg.Any<CancellationToken>()).Returns((Influencer?)null);

        var exception = await Assert.ThrowsAsync<NotFoundException>(() => PatchAsync(Patch() with { Name = Mia }));

        Assert.Equal("Influencer not found.", exception.Message);
    }

    [Theory]
    [InlineData(TestInfluencers.IdText)]
    [InlineData("4A8E1BC2-0D3F-4B6A-9C1E-2F3A4B5C6D7E")]
    public async Task Patch_looks_the_influencer_up_in_the_callers_org(string id)
    {
        GivenStored(TestInfluencers.Stored());

        await PatchAsync(Patch(id) with { Name = Mia });

        await influencers.Received(1).FindAsync(Callers.Org, TestInfluencers.Id, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Patch_by_an_unauthenticated_caller_is_refused_before_any_lookup()
    {
        await Assert.ThrowsAsync<UnauthenticatedException>(() =>
            PatchAsync(Patch() with { Name = Mia }, Callers.Anonymous()));

        Assert.Empty(influencers.ReceivedCalls());
    }

    [Fact]
    public async Task Patch_with_a_matching_if_match_writes_conditionally_on_the_loaded_version()
    {
        var stored = GivenStored(TestInfluencers.Stored());

        await PatchAsync(Patch(precondition: new(VersionSet.Of([stored.Version]), null)) with { Name = Mia });

        await influencers.Received(1).SaveChangesAsync(stored, stored.Version, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Patch_with_a_stale_if_match_fails_before_writing()
    {
        var stored = GivenStored(TestInfluencers.Stored());

        await Assert.ThrowsAsync<PreconditionFailedException>(() =>
            PatchAsync(Patch(precondition: new(VersionSet.Of([stored.Version + 1]), null)) with { Name = Mia }));

        Assert.Equal(InfluencerChanges.None, stored.PendingChanges);
        await influencers.Received(0).SaveChangesAsync(Arg.Any<Influencer>(), Arg.Any<long?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Patch_when_the_precondition_excludes_the_stored_version_fails_before_writing()
    {
        var stored = GivenStored(TestInfluencers.Stored());

        await Assert.ThrowsAsync<PreconditionFailedException>(() =>
            PatchAsync(Patch(precondition: new(null, VersionSet.Of([stored.Version]))) with { Name = Mia }));

        Assert.Equal(InfluencerChanges.None, stored.PendingChanges);
        await influencers.Received(0).SaveChangesAsync(Arg.Any<Influencer>(), Arg.Any<long?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Patch_when_the_precondition_excludes_another_version_writes_conditionally_on_the_loaded_version()
    {
        // The version could become an excluded one between the read and the write.
        var stored = GivenStored(TestInfluencers.Stored());

        await PatchAsync(Patch(precondition: new(null, VersionSet.Of([stored.Version + 1]))) with { Name = Mia });

        await influencers.Received(1).SaveChangesAsync(stored, stored.Version, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Patch_whose_conditional_write_loses_a_race_is_a_failed_precondition()
    {
        var stored = GivenStored(TestInfluencers.Stored());
        influencers.SaveChangesAsync(Arg.Any<Influencer>(), Arg.Any<long?>(), Arg.Any<CancellationToken>()).Returns((Influencer?)null);

        await Assert.ThrowsAsync<PreconditionFailedException>(() =>
            PatchAsync(Patch(precondition: new(VersionSet.Any, null)) with { Name = Mia }));
    }
}
