using Layers.Application.Common.Security;
using MediatR;

namespace Layers.Application.Influencers.Commands.DeleteInfluencer;

public sealed class DeleteInfluencerCommandHandler(
    IInfluencerRepository influencers,
    ICurrentCaller caller,
    TimeProvider clock) : AsyncRequestHandler<DeleteInfluencerCommand>
{
    protected override async Task Handle(DeleteInfluencerCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var influencer = await influencers.GetAsync(caller.Require().OrgId, request.InfluencerId, request.Precondition, cancellationToken).ConfigureAwait(false);
        influencer.Delete(clock.GetUtcNow());
        await influencers.SaveAsync(influencer, request.Precondition, cancellationToken).ConfigureAwait(false);
    }
}
