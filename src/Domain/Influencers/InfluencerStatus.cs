namespace Layers.Domain.Influencers;

public enum InfluencerStatus
{
    Ready = 1,
}
