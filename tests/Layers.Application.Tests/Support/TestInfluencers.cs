using AutoMapper;

using Layers.Application.Influencers;
using Layers.Domain.Influencers;
using Layers.Domain.Projects;

namespace Layers.Application.Tests.Support;

public static class TestInfluencers
{
    public const string IdText = "inf_4a8e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e";
    public const string ProjectIdText = "prj_0b7e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e";

    public static readonly InfluencerId Id = new(Guid.Parse("4a8e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e"));
    public static readonly ProjectId Project = new(Guid.Parse("0b7e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e"));
    public static readonly DateTimeOffset CreatedAt = new(2026, 4, 1, 14, 22, 10, TimeSpan.Zero);
    public static readonly DateTimeOffset Now = new(2026, 4, 18, 9, 18, 44, TimeSpan.Zero);

    /// <summary>Ava Chen, female, young adult, authentic, en; as the store would return her.</summary>
    public static Influencer Stored(AgeRange? ageRange = AgeRange.YoungAdult, string name = "Ava Chen") =>
        Influencer.Restore(
            Id,
            Callers.Org,
            Project,
            InfluencerName.Create(name),
            Gender.Female,
            ageRange,
            BrandVoice.Authentic,
            LanguageTag.Create("en"),
            InfluencerStatus.Ready,
            CreatedAt,
            CreatedAt,
            deletedAt: null,
            version: 3);

    public static IMapper Mapper { get; } =
        new MapperConfiguration(configuration => configuration.AddProfile<InfluencerMappingProfile>()).CreateMapper();
}
