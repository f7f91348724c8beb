using Layers.Application.Common.Bodies;
using Layers.Application.Common.Security;
using MediatR;

namespace Layers.Application.Influencers.Commands.CreateInfluencer;

/// <summary>Create an influencer in one of the caller's projects.</summary>
[RequiresScope(Scopes.InfluencersWrite)]
public sealed record CreateInfluencerCommand(JsonObjectBody Body) : IRequest<InfluencerResponse>, IHasJsonBody
{
    private static readonly HashSet<string> Fields =
        new([InfluencerFields.ProjectId, InfluencerFields.Name, InfluencerFields.Gender, InfluencerFields.AgeRange, InfluencerFields.BrandVoice, InfluencerFields.Language], StringComparer.Ordinal);

    public IReadOnlyCollection<string> KnownFields => Fields;

    public BodyValue? ProjectId => Body.Find(InfluencerFields.ProjectId);

    public BodyValue? Name => Body.Find(InfluencerFields.Name);

    public BodyValue? Gender => Body.Find(InfluencerFields.Gender);

    public BodyValue? AgeRange => Body.Find(InfluencerFields.AgeRange);

    public BodyValue? BrandVoice => Body.Find(InfluencerFields.BrandVoice);

    public BodyValue? Language => Body.Find(InfluencerFields.Language);
}
