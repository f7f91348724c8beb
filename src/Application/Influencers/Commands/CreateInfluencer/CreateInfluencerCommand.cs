using Layers.Application.Common.Bodies;
using Layers.Application.Common.Security;
using MediatR;

namespace Layers.Application.Influencers.Commands.CreateInfluencer;

/// <summary>Create an influencer in one of the caller's projects.</summary>
[RequiresScope(Scopes.InfluencersWrite)]
public sealed record CreateInfluencerCommand(JsonObjectBody Body) : IRequest<InfluencerResponse>, IHasJsonBody
{
    public const string ProjectIdField = "projectId";
    public const string NameField = "name";
    public const string GenderField = "gender";
    public const string AgeRangeField = "ageRange";
    public const string BrandVoiceField = "brandVoice";
    public const string LanguageField = "language";

    private static readonly HashSet<string> Fields =
        new([ProjectIdField, NameField, GenderField, AgeRangeField, BrandVoiceField, LanguageField], StringComparer.Ordinal);

    public IReadOnlyCollection<string> KnownFields => Fields;

    public BodyValue? ProjectId => Body.Find(ProjectIdField);

    public BodyValue? Name => Body.Find(NameField);

    public BodyValue? Gender => Body.Find(GenderField);

    public BodyValue? AgeRange => Body.Find(AgeRangeField);

    public BodyValue? BrandVoice => Body.Find(BrandVoiceField);

    public BodyValue? Language => Body.Find(LanguageField);
}
