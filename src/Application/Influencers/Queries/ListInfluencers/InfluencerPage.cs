namespace Layers.Application.Influencers.Queries.ListInfluencers;

/// <summary>
/// One page of a listing: its influencers, each the record a read returns, and the cursor of the
/// page after it, or null when this page is the last.
/// </summary>
public sealed record InfluencerPage(IReadOnlyList<InfluencerResponse> Data, string? NextCursor);
