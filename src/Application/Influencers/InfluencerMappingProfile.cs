using System.Globalization;
using AutoMapper;
using Layers.Domain.Common;
using Layers.Domain.Influencers;
using Layers.Domain.Projects;

namespace Layers.Application.Influencers;

/// <summary>
/// Influencer aggregate to its public record. Flat maps only, each with MaxDepth, because
/// AutoMapper 14 recurses without limit on self-referential maps (GHSA-rvv3-g6hj-g44x).
/// </summary>
public sealed class InfluencerMappingProfile : Profile
{
    public InfluencerMappingProfile()
    {
        CreateMap<InfluencerId, string>().ConvertUsing(id => id.ToString());
        CreateMap<ProjectId, string>().ConvertUsing(id => id.ToString());
        CreateMap<InfluencerName, string>().ConvertUsing(name => name.Value);
        CreateMap<LanguageTag, string>().ConvertUsing(tag => tag.Value);
        CreateMap<Gender, string>().ConvertUsing(value => WireNames.Of<Gender>(value));
        CreateMap<AgeRange, string>().ConvertUsing(value => WireNames.Of<AgeRange>(value));
        CreateMap<BrandVoice, string>().ConvertUsing(value => WireNames.Of<BrandVoice>(value));
        CreateMap<InfluencerStatus, string>().ConvertUsing(value => WireNames.Of<InfluencerStatus>(value));
        CreateMap<DateTimeOffset, string>().ConvertUsing(value => FormatTimestamp(value));

        CreateMap<Influencer, InfluencerResponse>()
            .MaxDepth(64)
            .ForMember(response => response.InfluencerId, options => options.MapFrom(influencer => influencer.Id));
    }

    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
