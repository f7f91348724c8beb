using AutoMapper;
using Layers.Application.Common.Security;
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

    private static void Apply(PatchInfluencerCommand request, Influencer influencer, DateTimeOffset now)
    {
        if (request.Name.IsGiven)
        {
            influencer.Rename(request.Name.Value, now);
        }

        if (request.Gender.IsGiven)
        {
            influencer.ChangeGender(request.Gender.Value, now);
        }

        if (request.AgeRange.IsGiven)
        {
            if (request.AgeRange.Value is { } ageRange)
            {
                influencer.ChangeAgeRange(ageRange, now);
            }
            else
            {
                influencer.ClearAgeRange(now);
            }
        }

        if (request.BrandVoice.IsGiven)
        {
            influencer.ChangeBrandVoice(request.BrandVoice.Value, now);
        }

        if (request.Language.IsGiven)
        {
            influencer.ChangeLanguage(request.Language.Value, now);
        }
    }
}
