using Layers.Application.Common.Bodies;
using Layers.Application.Common.Concurrency;
using Layers.Application.Common.Security;
using MediatR;

namespace Layers.Application.Influencers.Commands.PatchInfluencer;

/// <summary>
/// Change the sent identity fields of one influencer; omitted fields are left alone.
/// <paramref name="InfluencerId"/> is the path segment as sent: an id that does not parse is
/// simply not found. <paramref name="Precondition"/>, when given, must hold for the stored version.
/// </summary>
[RequiresScope(Scopes.InfluencersWrite)]
public sealed record PatchInfluencerCommand(string InfluencerId, JsonObjectBody Body, VersionPrecondition? Precondition = null)
    : IRequest<InfluencerResponse>, IHasJsonBody
{
    private static readonly HashSet<string> Fields =
        new([InfluencerFields.Name, InfluencerFields.Gender, InfluencerFields.AgeRange, InfluencerFields.BrandVoice, InfluencerFields.Language], StringComparer.Ordinal);

    public IReadOnlyCollection<string> KnownFields => Fields;

    public BodyValue? Name => Body.Find(InfluencerFields.Name);

    public BodyValue? Gender => Body.Find(InfluencerFields.Gender);

    public BodyValue? AgeRange => Body.Find(InfluencerFields.AgeRange);

    public BodyValue? BrandVoice => Body.Find(InfluencerFields.BrandVoice);

    public BodyValue? Language => Body.Find(InfluencerFields.Language);
}
