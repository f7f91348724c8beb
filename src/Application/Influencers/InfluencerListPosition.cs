namespace Layers.Application.Influencers;

/// <summary>
/// An influencer's place in a listing, newest first: by creation time, then by id, both descending.
/// Neither ever changes, so a position stays where it is while influencers come and go around it.
/// </summary>
public readonly record struct InfluencerListPosition(DateTimeOffset CreatedAt, InfluencerId Id);
