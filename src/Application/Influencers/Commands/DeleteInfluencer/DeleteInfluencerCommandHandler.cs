using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Security;
using Layers.Domain.Influencers;
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
        if (!InfluencerId.TryParse(request.InfluencerId, out var id))
        {
            throw NotFoundException.Influencer();
        }

        var influencer = await influencers.FindAsync(caller.Require().OrgId, id.Value, cancellationToken).ConfigureAwait(false)
            ?? throw NotFoundException.Influencer();

        influencer.Delete(clock.GetUtcNow());
        _ = await influencers.SaveChangesAsync(influencer, cancellationToken).ConfigureAwait(false)
            ?? throw NotFoundException.Influencer();
    }
}
