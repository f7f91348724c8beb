using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Security;
using Layers.Application.Influencers.Commands.PatchInfluencer;
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

        var orgId = caller.Require().OrgId;
        var influencer = await influencers.FindAsync(orgId, id.Value, cancellationToken).ConfigureAwait(false)
            ?? throw NotFoundException.Influencer();
        if (request.IfMatch is { } precondition && !precondition.IsSatisfiedBy(influencer.Version))
        {
            throw new PreconditionFailedException();
        }

        influencer.Delete(clock.GetUtcNow());
        var expectedVersion = request.IfMatch is null ? (long?)null : influencer.Version;
        _ = await influencers.SaveChangesAsync(influencer, expectedVersion, cancellationToken).ConfigureAwait(false)
            ?? throw await PatchInfluencerCommandHandler.GoneOrChangedAsync(influencers, orgId, id.Value, expectedVersion, cancellationToken).ConfigureAwait(false);
    }
}
