using Layers.Application.Common.Concurrency;
using Layers.Application.Common.Exceptions;
using Layers.Domain.Influencers;
using Layers.Domain.Organizations;

namespace Layers.Application.Influencers;

/// <summary>How the influencer use cases find and save an aggregate, with the API's outcomes.</summary>
public static class InfluencerStore
{
    /// <summary>
    /// The org's influencer with this id; no id (the caller named none that is well formed), and an
    /// influencer that is absent, deleted or another org's, are all simply not found. A given
    /// <paramref name="precondition"/> is judged only then, against the stored version, so it
    /// never hides a missing influencer.
    /// </summary>
    public static async Task<Influencer> GetAsync(
        this IInfluencerRepository influencers,
        OrgId orgId,
        InfluencerId? influencerId,
        VersionPrecondition? precondition,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(influencers);
        var influencer = influencerId is { } id
            ? await influencers.FindAsync(orgId, id, cancellationToken).ConfigureAwait(false)
            : null;
        if (influencer is null)
        {
            throw NotFoundException.Influencer();
        }

        return precondition is null || precondition.IsSatisfiedBy(influencer.Version)
            ? influencer
            : throw new PreconditionFailedException();
    }

    /// <summary>
    /// Saves the pending changes and returns the stored row. With a <paramref name="precondition"/>
    /// the write itself checks that the version is still the one the precondition was judged on,
    /// so a change made in between is not overwritten.
    /// </summary>
    public static async Task<Influencer> SaveAsync(
        this IInfluencerRepository influencers,
        Influencer influencer,
        VersionPrecondition? precondition,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(influencers);
        ArgumentNullException.ThrowIfNull(influencer);
        var expectedVersion = precondition is null ? (long?)null : influencer.Version;
        var saved = await influencers.SaveChangesAsync(influencer, expectedVersion, cancellationToken).ConfigureAwait(false);
        if (saved is not null)
        {
            return saved;
        }

        // No row was written: deleted in between or, for a conditional write, changed in between.
        throw expectedVersion is null || await influencers.FindAsync(influencer.OrgId, influencer.Id, cancellationToken).ConfigureAwait(false) is null
            ? NotFoundException.Influencer()
            : new PreconditionFailedException();
    }
}
