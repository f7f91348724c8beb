namespace Layers.Domain.Influencers;

/// <summary>Drives tone in captions, hooks and engagement comments.</summary>
public enum BrandVoice
{
    Authentic = 1,
    Witty,
    Professional,
    Warm,
    Casual,
    Educational,
}
