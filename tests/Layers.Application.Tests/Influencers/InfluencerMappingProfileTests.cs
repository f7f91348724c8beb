using AutoMapper;
using AutoMapper.Internal;

using Layers.Application.Influencers;
using Layers.Application.Tests.Support;
using Layers.Domain.Influencers;

namespace Layers.Application.Tests.Influencers;

public class InfluencerMappingProfileTests
{
    [Fact]
    public void The_profile_configuration_is_valid()
    {
        var configuration = new MapperConfiguration(options => options.AddProfile<InfluencerMappingProfile>());

        configuration.AssertConfigurationIsValid();
    }

    [Fact]
    public void Every_map_is_depth_limited()
    {
        // The audit suppression of GHSA-rvv3-g6hj-g44x in Directory.Build.props relies on this limit.
        var configuration = new MapperConfiguration(options => options.AddProfile<InfluencerMappingProfile>());

        var maps = configuration.Internal().GetAllTypeMaps();
        Assert.Equal(10, maps.Count);
        Assert.All(maps, map => Assert.Equal(64, map.MaxDepth));
    }

    [Fact]
    public void An_influencer_maps_to_the_exact_wire_strings()
    {
        var influencer = Influencer.Restore(
            TestInfluencers.Id,
            Callers.Org,
            TestInfluencers.Project,
            InfluencerName.Create("Ava Chen"),
            Gender.NonBinary,
            AgeRange.YoungAdult,
            BrandVoice.Professional,
            LanguageTag.Create("es-mx"),
            InfluencerStatus.Ready,
            new DateTimeOffset(2026, 4, 1, 16, 22, 10, 999, TimeSpan.FromHours(2)),
            new DateTimeOffset(2026, 4, 18, 9, 18, 44, TimeSpan.Zero),
            deletedAt: null,
            version: 7);

        var response = TestInfluencers.Mapper.Map<InfluencerResponse>(influencer);

        Assert.Equal(
            new InfluencerResponse
            {
                InfluencerId = "inf_4a8e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e",
                ProjectId = "prj_0b7e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e",
                Name = "Ava Chen",
                Gender = "non_binary",
                AgeRange = "young_adult",
                BrandVoice = "professional",
                Language = "es-MX",
                Status = "ready",
                CreatedAt = "2026-04-01T14:22:10Z",
                UpdatedAt = "2026-04-18T09:18:44Z",
                Version = 7,
            },
            response);
    }

    [Fact]
    public void A_cleared_age_range_maps_to_null()
    {
        var influencer = TestInfluencers.Stored();
        influencer.ClearAgeRange(TestInfluencers.Now);

        var response = TestInfluencers.Mapper.Map<InfluencerResponse>(influencer);

        Assert.Null(response.AgeRange);
        Assert.Equal("2026-04-18T09:18:44Z", response.UpdatedAt);
    }

    [Theory]
    [InlineData(AgeRange.Teen, "teen")]
    [InlineData(AgeRange.MidAdult, "mid_adult")]
    [InlineData(AgeRange.Senior, "senior")]
    public void Age_ranges_map_to_snake_case(AgeRange ageRange, string expected)
    {
        var response = TestInfluencers.Mapper.Map<InfluencerResponse>(TestInfluencers.Stored(ageRange));

        Assert.Equal(expected, response.AgeRange);
    }
}
