using AutoMapper;
using Layers.Application.Common.Security;
using Layers.Domain.Common;
using Layers.Domain.Influencers;
using Layers.Domain.Projects;
using MediatR;

namespace Layers.Application.Influencers.Commands.CreateInfluencer;

public sealed class CreateInfluencerCommandHandler(
    IInfluencerRepository influencers,
    ICurrentCaller caller,
    TimeProvider clock,
    IMapper mapper) : IRequestHandler<CreateInfluencerCommand, InfluencerResponse>
{
    public const BrandVoice DefaultBrandVoice = BrandVoice.Authentic;
    public const string DefaultLanguage = "en";

    /// <summary>The validator has accepted every sent value, so each parses here.</summary>
    public async Task<InfluencerResponse> Handle(CreateInfluencerCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var projectId = ProjectId.TryParse(request.ProjectId?.Text, out var sentProjectId)
            ? sentProjectId.Value
            : throw new InvalidOperationException("The project id was not validated.");
        var ageRange = request.AgeRange is { IsNull: false } sentAgeRange
            ? WireNames.Parse<AgeRange>(sentAgeRange.Text!)
            : (AgeRange?)null;
        var influencer = Influencer.Create(
            InfluencerId.New(),
            caller.Require().OrgId,
            projectId,
            InfluencerName.Create(request.Name!.Value.Text!),
            WireNames.Parse<Gender>(request.Gender!.Value.Text!),
            ageRange,
            request.BrandVoice is { } brandVoice ? WireNames.Parse<BrandVoice>(brandVoice.Text!) : DefaultBrandVoice,
            LanguageTag.Create(request.Language?.Text ?? DefaultLanguage),
            clock.GetUtcNow());

        await influencers.AddAsync(influencer, cancellationToken).ConfigureAwait(false);
        return mapper.Map<InfluencerResponse>(influencer);
    }
}
