using System.Diagnostics.CodeAnalysis;
using Layers.Domain.Common;

namespace Layers.Domain.Influencers;

/// <summary>An influencer id, rendered as <c>inf_&lt;uuid&gt;</c>.</summary>
public readonly record struct InfluencerId
{
    public const string Prefix = "inf_";

    public InfluencerId(Guid value)
    {
        if (value == Guid.Empty)
        {
            throw new DomainException("An influencer id cannot be empty.");
        }

        Value = value;
    }

    public Guid Value { get; }

    public static InfluencerId New() => new(Guid.CreateVersion7());

    /// <summary>Accepts <c>inf_&lt;uuid&gt;</c> or the bare uuid, hex in either case.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out InfluencerId? id)
    {
        id = PrefixedGuid.TryParse(text, Prefix, out var guid) ? new InfluencerId(guid) : null;
        return id is not null;
    }

    public override string ToString() => PrefixedGuid.Format(Prefix, Value);
}
