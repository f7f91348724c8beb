using System.Diagnostics.CodeAnalysis;
using Layers.Domain.Common;

namespace Layers.Domain.Influencers;

/// <summary>An influencer's display name, under the rule of every <see cref="DisplayName"/>.</summary>
public sealed record InfluencerName
{
    private InfluencerName(string value) => Value = value;

    public string Value { get; }

    public static bool TryCreate(string? text, [NotNullWhen(true)] out InfluencerName? name, [NotNullWhen(false)] out string? error)
    {
        name = DisplayName.TryCreate(text, out var displayName, out error) ? new InfluencerName(displayName.Value) : null;
        return name is not null;
    }

    public static InfluencerName Create(string text) =>
        TryCreate(text, out var name, out var error) ? name : throw new DomainException(error);

    public override string ToString() => Value;
}
