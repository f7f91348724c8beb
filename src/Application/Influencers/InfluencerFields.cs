namespace Layers.Application.Influencers;

/// <summary>The JSON names of the influencer fields a client may send, shared by create and patch.</summary>
public static class InfluencerFields
{
    public const string ProjectId = "projectId";
    public const string Name = "name";
    public const string Gender = "gender";
    public const string AgeRange = "ageRange";
    public const string BrandVoice = "brandVoice";
    public const string Language = "language";
}
