using Layers.Application.Common.Bodies;
using Layers.Application.Common.Concurrency;
using Layers.Application.Common.Security;
using MediatR;

namespace Layers.Application.Influencers.Commands.PatchInfluencer;

/// <summary>
/// Change the sent identity fields of one influencer; omitted fields are left alone.
/// <paramref name="InfluencerId"/> is the path segment as sent: an id that does not parse is
/// simply not found. <paramref name="IfMatch"/>, when given, must hold for the stored version.
/// </summary>
[RequiresScope(Scopes.InfluencersWrite)]
public sealed record PatchInfluencerCommand(string InfluencerId, JsonObjectBody Body, VersionPrecondition? IfMatch = null)
    : IRequest<InfluencerResponse>, IHasJsonBody
{
    public const string NameField = "name";
    public const string GenderField = "gender";
    public const string AgeRangeField = "ageRange";
    public const string BrandVoiceField = "brandVoice";
    public const string LanguageField = "language";

    private static readonly HashSet<string> Fields =
        new([NameField, GenderField, AgeRangeField, BrandVoiceField, LanguageField], StringComparer.Ordinal);

    public IReadOnlyCollection<string> KnownFields => Fields;

    public BodyValue? Name => Body.Find(NameField);

    public BodyValue? Gender => Body.Find(GenderField);

    public BodyValue? AgeRange => Body.Find(AgeRangeField);

    public BodyValue? BrandVoice => Body.Find(BrandVoiceField);

    public BodyValue? Language => Body.Find(LanguageField);
}
