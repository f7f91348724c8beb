namespace Layers.Domain.Influencers;

/// <summary>
/// Which fields an aggregate changed since it was loaded, so a repository writes only those
/// columns and concurrent changes to other fields are not overwritten.
/// </summary>
[Flags]
public enum InfluencerChanges
{
    None = 0,
    Name = 1,
    Gender = 2,
    AgeRange = 4,
    BrandVoice = 8,
    Language = 16,
    Deleted = 32,
}
