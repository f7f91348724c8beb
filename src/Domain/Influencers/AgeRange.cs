namespace Layers.Domain.Influencers;

public enum AgeRange
{
    Teen = 1,
    YoungAdult,
    Adult,
    MidAdult,
    Mature,
    Senior,
}
