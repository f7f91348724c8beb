using AutoMapper;
using Layers.Application.Common.Security;
using Layers.Domain.Common;
using Layers.Domain.Influencers;
using MediatR;

namespace Layers.Application.Influencers.Commands.PatchInfluencer;

public sealed class PatchInfluencerCommandHandler(
    IInfluencerRepository influencers,
    ICurrentCaller caller,
    TimeProvider clock,
    IMapper mapper) : IRequestHandler<PatchInfluencerCommand, InfluencerResponse>
{
    public async Task<InfluencerResponse> Handle(PatchInfluencerCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var influencer = await influencers.GetAsync(caller.Require().OrgId, request.InfluencerId, request.Precondition, cancellationToken).ConfigureAwait(false);

        Apply(request, influencer, clock.GetUtcNow());

        if (influencer.HasPendingChanges)
        {
            influencer = await influencers.SaveAsync(influencer, request.Precondition, cancellationToken).ConfigureAwait(false);
        }

        return mapper.Map<InfluencerResponse>(influencer);
    }

    /// <summary>The validator has accepted every sent value, so each parses here.</summary>
    private static void Apply(PatchInfluencerCommand request, Influencer influencer, DateTimeOffset now)
    {
        if (request.Name is { } name)
        {
            influencer.Rename(InfluencerName.Create(name.Text!), now);
        }

        if (request.Gender is { } gender)
        {
            influencer.ChangeGender(WireNames.Parse<Gender>(gender.Text!), now);
        }

        if (request.AgeRange is { } ageRange)
        {
            if (ageRange.IsNull)
            {
                influencer.ClearAgeRange(now);
            }
            else
            {
                influencer.ChangeAgeRange(WireNames.Parse<AgeRange>(ageRange.Text!), now);
            }
        }

        if (request.BrandVoice is { } brandVoice)
        {
            influencer.ChangeBrandVoice(WireNames.Parse<BrandVoice>(brandVoice.Text!), now);
        }

        if (request.Language is { } language)
        {
            influencer.ChangeLanguage(LanguageTag.Create(language.Text!), now);
        }
    }
}
