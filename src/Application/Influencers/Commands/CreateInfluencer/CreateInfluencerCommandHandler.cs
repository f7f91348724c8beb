using AutoMapper;
using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Security;
using Layers.Application.Common.Validation;
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

        // The validation step refuses such a request first; this keeps the handler whole without it.
        if (request is not { ProjectId: { } projectId, Name: { } name, Gender: { } gender })
        {
            throw new RequestValidationException([], new Dictionary<string, IReadOnlyList<string>>
            {
                [request.ProjectId is null ? InfluencerFields.ProjectId : request.Name is null ? InfluencerFields.Name : InfluencerFields.Gender] = [InputRules.RequiredMessage],
            });
        }

        var influencer = Influencer.Create(
            request.Id ?? InfluencerId.New(),
            caller.Require().OrgId,
            projectId,
            name,
            gender,
            request.AgeRange,
            request.BrandVoice ?? CreateInfluencerCommand.DefaultBrandVoice,
            request.Language ?? DefaultLanguage,
            clock.GetUtcNow());

        await influencers.AddAsync(influencer, cancellationToken).ConfigureAwait(false);
        return mapper.Map<InfluencerResponse>(influencer);
    }
}
