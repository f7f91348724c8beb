namespace Layers.Application.Influencers;

/// <summary>
/// The influencer record returned by the use cases. Property order is the API's wire order.
/// </summary>
public sealed record InfluencerResponse
{
    public required string InfluencerId { get; init; }

    public required string ProjectId { get; init; }

    public required string Name { get; init; }

    public required string Gender { get; init; }

    public required string? AgeRange { get; init; }

    public required string BrandVoice { get; init; }

    public required string Language { get; init; }

    public required string Status { get; init; }

    /// <summary>RFC 3339, UTC, whole seconds, e.g. <c>2026-04-01T14:22:10Z</c>.</summary>
    public required string CreatedAt { get; init; }

    public required string UpdatedAt { get; init; }

    /// <summary>The stored row's version, for a caller's concurrency checks.</summary>
    public long Version { get; init; }
}
