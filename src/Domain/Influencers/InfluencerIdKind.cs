using Layers.Domain.Common;

namespace Layers.Domain.Influencers;

/// <summary>Makes a <see cref="PrefixedId{TKind}"/> an influencer id, <c>inf_&lt;uuid&gt;</c>, known as InfluencerId.</summary>
public sealed class InfluencerIdKind : IIdKind
{
    private InfluencerIdKind()
    {
    }

    public static string Prefix => "inf_";

    public static string Name => "An influencer id";

    public static string Invalid => "Invalid influencer id. Expected 'inf_<uuid>'.";
}
