using Layers.Domain.Influencers;
using Layers.Domain.Organizations;

namespace Layers.Application.Influencers;

public interface IInfluencerRepository
{
    /// <summary>The org's influencer, or null when it does not exist, is deleted, or is another org's.</summary>
    Task<Influencer?> FindAsync(OrgId orgId, InfluencerId id, CancellationToken cancellationToken);

    Task AddAsync(Influencer influencer, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="count"/> of the org's influencers that are not deleted, only those of
    /// <paramref name="projectId"/> when it is given (none when it is not the org's), newest first,
    /// starting right after <paramref name="after"/> when it is given.
    /// </summary>
    Task<IReadOnlyList<Influencer>> ListAsync(OrgId orgId, ProjectId? projectId, InfluencerListPosition? after, int count, CancellationToken cancellationToken);

    /// <summary>
    /// Writes only the aggregate's pending changes and returns the row as stored afterwards (which
    /// includes concurrent changes to other fields), or null when the row is gone or deleted, or
    /// when <paramref name="expectedVersion"/> is given and the stored version is another.
    /// </summary>
    Task<Influencer?> SaveChangesAsync(Influencer influencer, long? expectedVersion, CancellationToken cancellationToken);
}
