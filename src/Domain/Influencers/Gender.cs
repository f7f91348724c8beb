namespace Layers.Domain.Influencers;

/// <summary>Starts at 1 so that <c>default(Gender)</c> is never a gender.</summary>
public enum Gender
{
    Male = 1,
    Female,
    NonBinary,
}
