using AutoMapper;
using Layers.Application.Common.Security;
using MediatR;

namespace Layers.Application.Influencers.Commands.CloneInfluencer;

public sealed class CloneInfluencerCommandHandler(
    IInfluencerRepository influencers,
    ICurrentCaller caller,
    TimeProvider clock,
    IMapper mapper) : IRequestHandler<CloneInfluencerCommand, InfluencerResponse>
{
    public async Task<InfluencerResponse> Handle(CloneInfluencerCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var source = await influencers.GetAsync(caller.Require().OrgId, request.InfluencerId, request.Precondition, cancellationToken).ConfigureAwait(false);

        // CloneInfluencerCommandValidator requires the language.
        var clone = source.CloneAs(InfluencerId.New(), request.Language!, request.Name, clock.GetUtcNow());
        await influencers.AddAsync(clone, cancellationToken).ConfigureAwait(false);
        return mapper.Map<InfluencerResponse>(clone);
    }
}
