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
    public const int MaxDepth = 64;

    public InfluencerMappingProfile()
    {
        // The records are built through their properties: with constructor mapping on, AutoMapper
        // only examined every constructor of each destination while the first request waited.
        DisableConstructorMapping();
        CreateMap<InfluencerId, string>().MaxDepth(MaxDepth).ConvertUsing(id => id.ToString());
        CreateMap<ProjectId, string>().MaxDepth(MaxDepth).ConvertUsing(id => id.ToString());
        CreateMap<InfluencerName, string>().MaxDepth(MaxDepth).ConvertUsing(name => name.Value);
        CreateMap<LanguageTag, string>().MaxDepth(MaxDepth).ConvertUsing(tag => tag.Value);
        CreateMap<Gender, string>().MaxDepth(MaxDepth).ConvertUsing(value => WireNames.Of<Gender>(value));
        CreateMap<AgeRange, string>().MaxDepth(MaxDepth).ConvertUsing(value => WireNames.Of<AgeRange>(value));
        CreateMap<BrandVoice, string>().MaxDepth(MaxDepth).ConvertUsing(value => WireNames.Of<BrandVoice>(value));
        CreateMap<InfluencerStatus, string>().MaxDepth(MaxDepth).ConvertUsing(value => WireNames.Of<InfluencerStatus>(value));
        CreateMap<DateTimeOffset, string>().MaxDepth(MaxDepth).ConvertUsing(value => FormatTimestamp(value));

        CreateMap<Influencer, InfluencerResponse>()
            .MaxDepth(MaxDepth)
            .ForMember(response => response.InfluencerId, options => options.MapFrom(influencer => influencer.Id));
    }

    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
