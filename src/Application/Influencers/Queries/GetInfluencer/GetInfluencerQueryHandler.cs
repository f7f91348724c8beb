using AutoMapper;
using Layers.Application.Common.Security;
using MediatR;

namespace Layers.Application.Influencers.Queries.GetInfluencer;

public sealed class GetInfluencerQueryHandler(
    IInfluencerRepository influencers,
    ICurrentCaller caller,
    IMapper mapper) : IRequestHandler<GetInfluencerQuery, InfluencerResponse>
{
    public async Task<InfluencerResponse> Handle(GetInfluencerQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var influencer = await influencers.GetAsync(caller.Require().OrgId, request.InfluencerId, request.Precondition, cancellationToken).ConfigureAwait(false);
        return mapper.Map<InfluencerResponse>(influencer);
    }
}
