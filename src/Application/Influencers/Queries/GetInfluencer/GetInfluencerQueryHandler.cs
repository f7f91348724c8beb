using AutoMapper;
using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Security;
using Layers.Domain.Influencers;
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
        if (!InfluencerId.TryParse(request.InfluencerId, out var id))
        {
            throw NotFoundException.Influencer();
        }

        var influencer = await influencers.FindAsync(caller.Require().OrgId, id.Value, cancellationToken).ConfigureAwait(false)
            ?? throw NotFoundException.Influencer();
        return mapper.Map<InfluencerResponse>(influencer);
    }
}
