using Layers.Application.Common.Concurrency;
using Layers.Application.Common.Input;
using Layers.Application.Common.Security;
using Layers.Domain.Influencers;
using MediatR;

namespace Layers.Application.Influencers.Commands.PatchInfluencer;

/// <summary>
/// Change the given identity fields of one influencer; absent fields are left alone, a given null
/// clears the age range (and asks, in vain, to clear the gender). <paramref name="InfluencerId"/>
/// is null when the caller named no well-formed id: such an influencer is not found, after the
/// rest of the request has been judged like any other. <see cref="Precondition"/>, when given,
/// must hold for the stored version.
/// </summary>
[RequiresScope(Scopes.InfluencersWrite)]
public sealed record PatchInfluencerCommand(InfluencerId? InfluencerId) : IRequest<InfluencerResponse>, IHasInputErrors
{
    public Optional<InfluencerName> Name { get; init; }

    public Optional<Gender?> Gender { get; init; }

    public Optional<AgeRange?> AgeRange { get; init; }

    public Optional<BrandVoice> BrandVoice { get; init; }

    public Optional<LanguageTag> Language { get; init; }

    public VersionPrecondition? Precondition { get; init; }

    public InputErrors InputErrors { get; init; } = InputErrors.None;

    public bool ChangesAnything => Name.IsGiven || Gender.IsGiven || AgeRange.IsGiven || BrandVoice.IsGiven || Language.IsGiven;
}
