using AutoMapper;
using Layers.Application.Common.Security;
using Layers.Domain.Influencers;
using MediatR;

namespace Layers.Application.Influencers.Commands.CreateInfluencer;

public sealed class CreateInfluencerCommandHandler(
    IInfluencerRepository influencers,
    ICurrentCaller caller,
    TimeProvider clock,
    IMapper mapper) : IRequestHandler<CreateInfluencerCommand, InfluencerResponse>
{
    private static readonly LanguageTag DefaultLanguage = LanguageTag.Create(CreateInfluencerCommand.DefaultLanguage);

    public async Task<InfluencerResponse> Handle(CreateInfluencerCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // CreateInfluencerCommandValidator requires project, name and gender.
        var influencer = Influencer.Create(
            request.Id ?? InfluencerId.New(),
            caller.Require().OrgId,
            request.ProjectId!.Value,
            request.Name!,
            request.Gender!.Value,
            request.AgeRange,
            request.BrandVoice ?? CreateInfluencerCommand.DefaultBrandVoice,
            request.Language ?? DefaultLanguage,
            clock.GetUtcNow());

        await influencers.AddAsync(influencer, cancellationToken).ConfigureAwait(false);
        return mapper.Map<InfluencerResponse>(influencer);
    }
}
