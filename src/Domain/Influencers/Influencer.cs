using System.Diagnostics.CodeAnalysis;
using Layers.Domain.Common;
using Layers.Domain.Organizations;
using Layers.Domain.Projects;

namespace Layers.Domain.Influencers;

/// <summary>
/// An AI influencer of a project. Every change goes through an intent-named method: a method that
/// changes nothing is a no-op (no pending change, <see cref="UpdatedAt"/> untouched), and a real
/// change moves <see cref="UpdatedAt"/> to the given time.
/// </summary>
public sealed class Influencer
{
    public const string GenderCannotBeCleared = "Gender cannot be cleared.";

    private Influencer(
        InfluencerId id,
        OrgId orgId,
        ProjectId projectId,
        InfluencerName name,
        Gender gender,
        AgeRange? ageRange,
        BrandVoice brandVoice,
        LanguageTag language,
        InfluencerStatus status,
        DateTimeOffset createdAt,
        DateTimeOffset updatedAt,
        DateTimeOffset? deletedAt,
        long version)
    {
        EnsureGender(gender);
        EnsureDefined(brandVoice, "Brand voice must be set.");
        EnsureDefined(status, "Status must be set.");
        if (ageRange is { } range)
        {
            EnsureDefined(range, "Age range is not valid.");
        }

        Id = id;
        OrgId = orgId;
        ProjectId = projectId;
        Name = name ?? throw new DomainException("Name must be set.");
        Gender = gender;
        AgeRange = ageRange;
        BrandVoice = brandVoice;
        Language = language ?? throw new DomainException("Language must be set.");
        Status = status;
        CreatedAt = createdAt.ToUniversalTime();
        UpdatedAt = updatedAt.ToUniversalTime();
        DeletedAt = deletedAt?.ToUniversalTime();
        Version = version;
    }

    public InfluencerId Id { get; }

    public OrgId OrgId { get; }

    public ProjectId ProjectId { get; }

    public InfluencerName Name { get; private set; }

    public Gender Gender { get; private set; }

    public AgeRange? AgeRange { get; private set; }

    public BrandVoice BrandVoice { get; private set; }

    public LanguageTag Language { get; private set; }

    public InfluencerStatus Status { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    public bool IsDeleted => DeletedAt is not null;

    /// <summary>The stored row's version; the store increments it on every write.</summary>
    public long Version { get; }

    public InfluencerChanges PendingChanges { get; private set; }

    public bool HasPendingChanges => PendingChanges != InfluencerChanges.None;

    public static Influencer Create(
        InfluencerId id,
        OrgId orgId,
        ProjectId projectId,
        InfluencerName name,
        Gender gender,
        AgeRange? ageRange,
        BrandVoice brandVoice,
        LanguageTag language,
        DateTimeOffset now) =>
        new(id, orgId, projectId, name, gender, ageRange, brandVoice, language, InfluencerStatus.Ready, now, now, null, version: 1);

    /// <summary>Rebuilds an influencer from stored state; the same invariants hold.</summary>
    public static Influencer Restore(
        InfluencerId id,
        OrgId orgId,
        ProjectId projectId,
        InfluencerName name,
        Gender gender,
        AgeRange? ageRange,
        BrandVoice brandVoice,
        LanguageTag language,
        InfluencerStatus status,
        DateTimeOffset createdAt,
        DateTimeOffset updatedAt,
        DateTimeOffset? deletedAt,
        long version) =>
        new(id, orgId, projectId, name, gender, ageRange, brandVoice, language, status, createdAt, updatedAt, deletedAt, version);

    public void Rename(InfluencerName name, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == Name)
        {
            return;
        }

        EnsureNotDeleted();
        Name = name;
        Touch(InfluencerChanges.Name, now);
    }

    /// <summary>
    /// Whether <paramref name="gender"/> may be an influencer's gender: none (a request to clear it)
    /// may not, as content generation needs one.
    /// </summary>
    public static bool IsGender([NotNullWhen(true)] Gender? gender) => gender is { } value && Enum.IsDefined(value);

    /// <summary>A null <paramref name="gender"/> asks to clear it, which is refused.</summary>
    public void ChangeGender(Gender? gender, DateTimeOffset now)
    {
        EnsureGender(gender);
        if (gender == Gender)
        {
            return;
        }

        EnsureNotDeleted();
        Gender = gender.Value;
        Touch(InfluencerChanges.Gender, now);
    }

    public void ChangeAgeRange(AgeRange ageRange, DateTimeOffset now)
    {
        EnsureDefined(ageRange, "Age range is not valid.");
        if (ageRange == AgeRange)
        {
            return;
        }

        EnsureNotDeleted();
        AgeRange = ageRange;
        Touch(InfluencerChanges.AgeRange, now);
    }

    public void ClearAgeRange(DateTimeOffset now)
    {
        if (AgeRange is null)
        {
            return;
        }

        EnsureNotDeleted();
        AgeRange = null;
        Touch(InfluencerChanges.AgeRange, now);
    }

    public void ChangeBrandVoice(BrandVoice brandVoice, DateTimeOffset now)
    {
        EnsureDefined(brandVoice, "Brand voice must be set.");
        if (brandVoice == BrandVoice)
        {
            return;
        }

        EnsureNotDeleted();
        BrandVoice = brandVoice;
        Touch(InfluencerChanges.BrandVoice, now);
    }

    public void ChangeLanguage(LanguageTag language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(language);
        if (language == Language)
        {
            return;
        }

        EnsureNotDeleted();
        Language = language;
        Touch(InfluencerChanges.Language, now);
    }

    /// <summary>
    /// A new influencer in this one's project with its gender, age range and brand voice, in
    /// <paramref name="language"/>, named <paramref name="name"/> or else as this one: status ready,
    /// its own id, created now. This influencer is not changed.
    /// </summary>
    public Influencer CloneAs(InfluencerId id, LanguageTag language, InfluencerName? name, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(language);
        if (IsDeleted)
        {
            throw new DomainException("A deleted influencer cannot be cloned.");
        }

        if (id == Id)
        {
            throw new DomainException("A clone needs an id of its own.");
        }

        return Create(id, OrgId, ProjectId, name ?? Name, Gender, AgeRange, BrandVoice, language, now);
    }

    /// <summary>Soft delete: the record is kept but answers as not found from then on.</summary>
    public void Delete(DateTimeOffset now)
    {
        if (IsDeleted)
        {
            return;
        }

        DeletedAt = now.ToUniversalTime();
        Touch(InfluencerChanges.Deleted, now);
    }

    private static void EnsureGender([NotNull] Gender? gender)
    {
        if (!IsGender(gender))
        {
            throw new DomainException(GenderCannotBeCleared);
        }
    }

    private static void EnsureDefined<TEnum>(TEnum value, string message)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new DomainException(message);
        }
    }

    private void EnsureNotDeleted()
    {
        if (IsDeleted)
        {
            throw new DomainException("A deleted influencer cannot be changed.");
        }
    }

    private void Touch(InfluencerChanges change, DateTimeOffset now)
    {
        PendingChanges |= change;
        UpdatedAt = now.ToUniversalTime();
    }
}
