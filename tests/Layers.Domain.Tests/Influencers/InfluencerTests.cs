using Layers.Domain.Common;
using Layers.Domain.Influencers;
using Layers.Domain.Organizations;
using Layers.Domain.Projects;

namespace Layers.Domain.Tests.Influencers;

public class InfluencerTests
{
    private static readonly DateTimeOffset Created = new(2026, 4, 1, 14, 22, 10, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = new(2026, 4, 18, 9, 18, 44, TimeSpan.Zero);
    private static readonly InfluencerId Id = new(Guid.Parse("4a8e1bc2-1111-4222-8333-444455556666"));
    private static readonly OrgId Org = new(Guid.Parse("0a0a0a0a-1111-4222-8333-444455556666"));
    private static readonly ProjectId Project = new(Guid.Parse("0b0b0b0b-1111-4222-8333-444455556666"));

    private static Influencer NewInfluencer(AgeRange? ageRange = AgeRange.YoungAdult) =>
        Influencer.Create(
            Id,
            Org,
            Project,
            InfluencerName.Create("Ava Chen"),
            Gender.Female,
            ageRange,
            BrandVoice.Authentic,
            LanguageTag.Create("en"),
            Created);

    private static Influencer Restore(
        Gender gender = Gender.Female,
        BrandVoice brandVoice = BrandVoice.Authentic,
        InfluencerStatus status = InfluencerStatus.Ready,
        AgeRange? ageRange = null,
        DateTimeOffset? deletedAt = null) =>
        Influencer.Restore(
            Id,
            Org,
            Project,
            InfluencerName.Create("Ava Chen"),
            gender,
            ageRange,
            brandVoice,
            LanguageTag.Create("en"),
            status,
            Created,
            Created,
            deletedAt,
            version: 7);

    private static void AssertUnchanged(Influencer influencer)
    {
        Assert.Equal(Created, influencer.UpdatedAt);
        Assert.Equal(InfluencerChanges.None, influencer.PendingChanges);
        Assert.False(influencer.HasPendingChanges);
    }

    private static void AssertChanged(Influencer influencer, InfluencerChanges changes)
    {
        Assert.Equal(Later, influencer.UpdatedAt);
        Assert.Equal(changes, influencer.PendingChanges);
        Assert.True(influencer.HasPendingChanges);
        Assert.Equal(Created, influencer.CreatedAt);
    }

    [Fact]
    public void Create_sets_every_field_status_ready_and_both_timestamps_to_now()
    {
        var influencer = NewInfluencer();

        Assert.Equal(Id, influencer.Id);
        Assert.Equal(Org, influencer.OrgId);
        Assert.Equal(Project, influencer.ProjectId);
        Assert.Equal("Ava Chen", influencer.Name.Value);
        Assert.Equal(Gender.Female, influencer.Gender);
        Assert.Equal(AgeRange.YoungAdult, influencer.AgeRange);
        Assert.Equal(BrandVoice.Authentic, influencer.BrandVoice);
        Assert.Equal("en", influencer.Language.Value);
        Assert.Equal(InfluencerStatus.Ready, influencer.Status);
        Assert.Equal(Created, influencer.CreatedAt);
        Assert.Equal(Created, influencer.UpdatedAt);
        Assert.Null(influencer.DeletedAt);
        Assert.False(influencer.IsDeleted);
        Assert.Equal(1, influencer.Version);
        Assert.Equal(InfluencerChanges.None, influencer.PendingChanges);
    }

    [Fact]
    public void Create_normalises_timestamps_to_utc()
    {
        var local = new DateTimeOffset(2026, 4, 1, 16, 22, 10, TimeSpan.FromHours(2));

        var influencer = Influencer.Create(
            Id, Org, Project, InfluencerName.Create("Ava"), Gender.Male, null, BrandVoice.Witty, LanguageTag.Create("en"), local);

        Assert.Equal(TimeSpan.Zero, influencer.CreatedAt.Offset);
        Assert.Equal(TimeSpan.Zero, influencer.UpdatedAt.Offset);
        Assert.Equal(Created.UtcDateTime, influencer.CreatedAt.UtcDateTime);
    }

    [Fact]
    public void Create_without_age_range_leaves_it_null()
    {
        Assert.Null(NewInfluencer(ageRange: null).AgeRange);
    }

    [Fact]
    public void Create_with_default_gender_is_rejected()
    {
        var exception = Assert.Throws<DomainException>(() => Influencer.Create(
            Id, Org, Project, InfluencerName.Create("Ava"), default, null, BrandVoice.Witty, LanguageTag.Create("en"), Created));

        Assert.Equal("Gender cannot be cleared.", exception.Message);
    }

    [Fact]
    public void Restore_keeps_stored_state_version_and_no_pending_changes()
    {
        var deletedAt = new DateTimeOffset(2026, 4, 2, 0, 0, 0, TimeSpan.Zero);

        var influencer = Influencer.Restore(
            Id,
            Org,
            Project,
            InfluencerName.Create("Ava Chen"),
            Gender.NonBinary,
            AgeRange.Senior,
            BrandVoice.Educational,
            LanguageTag.Create("es-MX"),
            InfluencerStatus.Ready,
            Created,
            Later,
            deletedAt,
            version: 7);

        Assert.Equal(Gender.NonBinary, influencer.Gender);
        Assert.Equal(AgeRange.Senior, influencer.AgeRange);
        Assert.Equal(BrandVoice.Educational, influencer.BrandVoice);
        Assert.Equal("es-MX", influencer.Language.Value);
        Assert.Equal(Created, influencer.CreatedAt);
        Assert.Equal(Later, influencer.UpdatedAt);
        Assert.Equal(deletedAt, influencer.DeletedAt);
        Assert.True(influencer.IsDeleted);
        Assert.Equal(7, influencer.Version);
        Assert.Equal(InfluencerChanges.None, influencer.PendingChanges);
    }

    [Fact]
    public void Restore_normalises_timestamps_to_utc()
    {
        var offset = TimeSpan.FromHours(-5);

        var influencer = Influencer.Restore(
            Id,
            Org,
            Project,
            InfluencerName.Create("Ava"),
            Gender.Male,
            null,
            BrandVoice.Witty,
            LanguageTag.Create("en"),
            InfluencerStatus.Ready,
            Created.ToOffset(offset),
            Later.ToOffset(offset),
            Later.ToOffset(offset),
            version: 2);

        Assert.Equal(TimeSpan.Zero, influencer.CreatedAt.Offset);
        Assert.Equal(TimeSpan.Zero, influencer.UpdatedAt.Offset);
        Assert.Equal(TimeSpan.Zero, influencer.DeletedAt!.Value.Offset);
        Assert.Equal(Created.UtcDateTime, influencer.CreatedAt.UtcDateTime);
        Assert.Equal(Later.UtcDateTime, influencer.UpdatedAt.UtcDateTime);
    }

    [Fact]
    public void Restore_with_default_gender_is_rejected()
    {
        var exception = Assert.Throws<DomainException>(() => Restore(gender: default));

        Assert.Equal("Gender cannot be cleared.", exception.Message);
    }

    [Fact]
    public void Restore_with_undefined_brand_voice_is_rejected()
    {
        var exception = Assert.Throws<DomainException>(() => Restore(brandVoice: (BrandVoice)99));

        Assert.Equal("Brand voice must be set.", exception.Message);
    }

    [Fact]
    public void Restore_with_undefined_status_is_rejected()
    {
        var exception = Assert.Throws<DomainException>(() => Restore(status: default));

        Assert.Equal("Status must be set.", exception.Message);
    }

    [Fact]
    public void Restore_with_undefined_age_range_is_rejected()
    {
        var exception = Assert.Throws<DomainException>(() => Restore(ageRange: (AgeRange)99));

        Assert.Equal("Age range is not valid.", exception.Message);
    }

    [Fact]
    public void Rename_to_a_new_name_records_the_change_at_the_given_time()
    {
        var influencer = NewInfluencer();

        influencer.Rename(InfluencerName.Create("Mia"), Later);

        Assert.Equal("Mia", influencer.Name.Value);
        AssertChanged(influencer, InfluencerChanges.Name);
    }

    [Fact]
    public void Rename_to_the_same_name_is_a_no_op()
    {
        var influencer = NewInfluencer();

        influencer.Rename(InfluencerName.Create("Ava Chen"), Later);

        AssertUnchanged(influencer);
    }

    [Fact]
    public void Rename_is_case_sensitive()
    {
        var influencer = NewInfluencer();

        influencer.Rename(InfluencerName.Create("ava chen"), Later);

        Assert.Equal("ava chen", influencer.Name.Value);
        AssertChanged(influencer, InfluencerChanges.Name);
    }

    [Fact]
    public void ChangeGender_to_another_gender_records_the_change()
    {
        var influencer = NewInfluencer();

        influencer.ChangeGender(Gender.NonBinary, Later);

        Assert.Equal(Gender.NonBinary, influencer.Gender);
        AssertChanged(influencer, InfluencerChanges.Gender);
    }

    [Fact]
    public void ChangeGender_to_the_same_gender_is_a_no_op()
    {
        var influencer = NewInfluencer();

        influencer.ChangeGender(Gender.Female, Later);

        AssertUnchanged(influencer);
    }

    [Fact]
    public void ChangeGender_to_none_is_refused_as_a_clear_and_changes_nothing()
    {
        var influencer = NewInfluencer();

        var exception = Assert.Throws<DomainException>(() => influencer.ChangeGender(null, Later));

        Assert.Equal("Gender cannot be cleared.", exception.Message);
        Assert.Equal(Gender.Female, influencer.Gender);
        AssertUnchanged(influencer);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(-1)]
    public void ChangeGender_to_default_or_undefined_value_is_rejected_as_clearing(int value)
    {
        var influencer = NewInfluencer();

        var exception = Assert.Throws<DomainException>(() => influencer.ChangeGender((Gender)value, Later));

        Assert.Equal("Gender cannot be cleared.", exception.Message);
        Assert.Equal(Gender.Female, influencer.Gender);
        AssertUnchanged(influencer);
    }

    [Fact]
    public void ChangeAgeRange_to_another_range_records_the_change()
    {
        var influencer = NewInfluencer();

        influencer.ChangeAgeRange(AgeRange.MidAdult, Later);

        Assert.Equal(AgeRange.MidAdult, influencer.AgeRange);
        AssertChanged(influencer, InfluencerChanges.AgeRange);
    }

    [Fact]
    public void ChangeAgeRange_sets_a_range_that_was_empty()
    {
        var influencer = NewInfluencer(ageRange: null);

        influencer.ChangeAgeRange(AgeRange.Teen, Later);

        Assert.Equal(AgeRange.Teen, influencer.AgeRange);
        AssertChanged(influencer, InfluencerChanges.AgeRange);
    }

    [Fact]
    public void ChangeAgeRange_to_the_same_range_is_a_no_op()
    {
        var influencer = NewInfluencer();

        influencer.ChangeAgeRange(AgeRange.YoungAdult, Later);

        AssertUnchanged(influencer);
    }

    [Fact]
    public void ChangeAgeRange_to_an_undefined_value_is_rejected()
    {
        var influencer = NewInfluencer();

        var exception = Assert.Throws<DomainException>(() => influencer.ChangeAgeRange(default, Later));

        Assert.Equal("Age range is not valid.", exception.Message);
        AssertUnchanged(influencer);
    }

    [Fact]
    public void ClearAgeRange_removes_the_range_and_records_the_change()
    {
        var influencer = NewInfluencer();

        influencer.ClearAgeRange(Later);

        Assert.Null(influencer.AgeRange);
        AssertChanged(influencer, InfluencerChanges.AgeRange);
    }

    [Fact]
    public void ClearAgeRange_when_already_empty_is_a_no_op()
    {
        var influencer = NewInfluencer(ageRange: null);

        influencer.ClearAgeRange(Later);

        AssertUnchanged(influencer);
    }

    [Fact]
    public void ChangeBrandVoice_to_another_voice_records_the_change()
    {
        var influencer = NewInfluencer();

        influencer.ChangeBrandVoice(BrandVoice.Casual, Later);

        Assert.Equal(BrandVoice.Casual, influencer.BrandVoice);
        AssertChanged(influencer, InfluencerChanges.BrandVoice);
    }

    [Fact]
    public void ChangeBrandVoice_to_the_same_voice_is_a_no_op()
    {
        var influencer = NewInfluencer();

        influencer.ChangeBrandVoice(BrandVoice.Authentic, Later);

        AssertUnchanged(influencer);
    }

    [Fact]
    public void ChangeBrandVoice_to_an_undefined_value_is_rejected()
    {
        var influencer = NewInfluencer();

        var exception = Assert.Throws<DomainException>(() => influencer.ChangeBrandVoice(default, Later));

        Assert.Equal("Brand voice must be set.", exception.Message);
        AssertUnchanged(influencer);
    }

    [Fact]
    public void ChangeLanguage_to_another_tag_records_the_change()
    {
        var influencer = NewInfluencer();

        influencer.ChangeLanguage(LanguageTag.Create("es-MX"), Later);

        Assert.Equal("es-MX", influencer.Language.Value);
        AssertChanged(influencer, InfluencerChanges.Language);
    }

    [Fact]
    public void ChangeLanguage_to_the_same_tag_in_other_case_is_a_no_op()
    {
        var influencer = NewInfluencer();

        influencer.ChangeLanguage(LanguageTag.Create("EN"), Later);

        AssertUnchanged(influencer);
    }

    [Fact]
    public void Several_changes_accumulate_their_flags_and_the_last_time()
    {
        var influencer = NewInfluencer();
        var first = Later.AddMinutes(-1);

        influencer.Rename(InfluencerName.Create("Mia"), first);
        influencer.ChangeBrandVoice(BrandVoice.Warm, Later);

        AssertChanged(influencer, InfluencerChanges.Name | InfluencerChanges.BrandVoice);
    }

    [Fact]
    public void A_change_normalises_updated_at_to_utc()
    {
        var influencer = NewInfluencer();

        influencer.ChangeGender(Gender.Male, Later.ToOffset(TimeSpan.FromHours(9)));

        Assert.Equal(TimeSpan.Zero, influencer.UpdatedAt.Offset);
        Assert.Equal(Later.UtcDateTime, influencer.UpdatedAt.UtcDateTime);
    }

    [Fact]
    public void Delete_marks_the_influencer_deleted_at_the_given_time()
    {
        var influencer = NewInfluencer();

        influencer.Delete(Later);

        Assert.True(influencer.IsDeleted);
        Assert.Equal(Later, influencer.DeletedAt);
        AssertChanged(influencer, InfluencerChanges.Deleted);
    }

    [Fact]
    public void Delete_twice_is_a_no_op_the_second_time()
    {
        var influencer = NewInfluencer();
        influencer.Delete(Later);

        influencer.Delete(Later.AddDays(1));

        Assert.Equal(Later, influencer.DeletedAt);
        AssertChanged(influencer, InfluencerChanges.Deleted);
    }

    [Fact]
    public void Delete_of_a_restored_deleted_influencer_is_a_no_op()
    {
        var influencer = Restore(deletedAt: Created);

        influencer.Delete(Later);

        Assert.Equal(Created, influencer.DeletedAt);
        AssertUnchanged(influencer);
    }

    [Fact]
    public void Delete_normalises_deleted_at_to_utc()
    {
        var influencer = NewInfluencer();

        influencer.Delete(Later.ToOffset(TimeSpan.FromHours(3)));

        Assert.Equal(TimeSpan.Zero, influencer.DeletedAt!.Value.Offset);
        Assert.Equal(Later.UtcDateTime, influencer.DeletedAt.Value.UtcDateTime);
    }

    public static TheoryData<string> ChangesOnADeletedInfluencer { get; } =
        ["rename", "gender", "ageRange", "clearAgeRange", "brandVoice", "language"];

    [Theory]
    [MemberData(nameof(ChangesOnADeletedInfluencer))]
    public void A_real_change_to_a_deleted_influencer_is_rejected(string change)
    {
        var influencer = Restore(ageRange: AgeRange.Adult, deletedAt: Created);
        Action act = change switch
        {
            "rename" => () => influencer.Rename(InfluencerName.Create("Mia"), Later),
            "gender" => () => influencer.ChangeGender(Gender.Male, Later),
            "ageRange" => () => influencer.ChangeAgeRange(AgeRange.Teen, Later),
            "clearAgeRange" => () => influencer.ClearAgeRange(Later),
            "brandVoice" => () => influencer.ChangeBrandVoice(BrandVoice.Witty, Later),
            _ => () => influencer.ChangeLanguage(LanguageTag.Create("fr"), Later),
        };

        var exception = Assert.Throws<DomainException>(act);

        Assert.Equal("A deleted influencer cannot be changed.", exception.Message);
        AssertUnchanged(influencer);
        Assert.Equal("Ava Chen", influencer.Name.Value);
        Assert.Equal(AgeRange.Adult, influencer.AgeRange);
    }

    [Fact]
    public void CloneAs_copies_project_gender_age_range_and_brand_voice_into_a_new_ready_influencer()
    {
        var source = Restore(gender: Gender.NonBinary, brandVoice: BrandVoice.Witty, ageRange: AgeRange.Mature);
        var cloneId = new InfluencerId(Guid.Parse("4a8e1bc2-9999-4222-8333-444455556666"));

        var clone = source.CloneAs(cloneId, LanguageTag.Create("es-MX"), name: null, Later);

        Assert.Equal(cloneId, clone.Id);
        Assert.Equal((Org, Project), (clone.OrgId, clone.ProjectId));
        Assert.Equal("Ava Chen", clone.Name.Value);
        Assert.Equal((Gender.NonBinary, (AgeRange?)AgeRange.Mature, BrandVoice.Witty), (clone.Gender, clone.AgeRange, clone.BrandVoice));
        Assert.Equal("es-MX", clone.Language.Value);
        Assert.Equal(InfluencerStatus.Ready, clone.Status);
        Assert.Equal((Later, Later), (clone.CreatedAt, clone.UpdatedAt));
        Assert.Null(clone.DeletedAt);
        Assert.Equal(1, clone.Version);
        Assert.False(clone.HasPendingChanges);
    }

    [Fact]
    public void CloneAs_with_a_name_names_the_clone_so()
    {
        var clone = NewInfluencer().CloneAs(InfluencerId.New(), LanguageTag.Create("fr"), InfluencerName.Create("Ava (FR)"), Later);

        Assert.Equal("Ava (FR)", clone.Name.Value);
    }

    [Fact]
    public void CloneAs_leaves_the_source_unchanged()
    {
        var source = Restore(ageRange: AgeRange.Adult);

        source.CloneAs(InfluencerId.New(), LanguageTag.Create("de"), InfluencerName.Create("Ava DE"), Later);

        Assert.Equal(
            (Id, "Ava Chen", Gender.Female, (AgeRange?)AgeRange.Adult, BrandVoice.Authentic, "en", 7L, (DateTimeOffset?)null),
            (source.Id, source.Name.Value, source.Gender, source.AgeRange, source.BrandVoice, source.Language.Value, source.Version, source.DeletedAt));
        AssertUnchanged(source);
    }

    [Fact]
    public void CloneAs_of_a_deleted_influencer_is_rejected()
    {
        var source = Restore(deletedAt: Created);

        var exception = Assert.Throws<DomainException>(() => source.CloneAs(InfluencerId.New(), LanguageTag.Create("fr"), null, Later));

        Assert.Equal("A deleted influencer cannot be cloned.", exception.Message);
    }

    [Fact]
    public void CloneAs_under_the_sources_own_id_is_rejected()
    {
        var exception = Assert.Throws<DomainException>(() => NewInfluencer().CloneAs(Id, LanguageTag.Create("fr"), null, Later));

        Assert.Equal("A clone needs an id of its own.", exception.Message);
    }
}
