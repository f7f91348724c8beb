using Layers.Domain.Organizations;
using Layers.Domain.Projects;

namespace Layers.Application.Projects;

public interface IProjectRepository
{
    Task<bool> ExistsAsync(OrgId orgId, ProjectId id, CancellationToken cancellationToken);

    Task AddAsync(Project project, CancellationToken cancellationToken);

    /// <summary>The org's projects, oldest first.</summary>
    Task<IReadOnlyList<ProjectListing>> ListAsync(OrgId orgId, CancellationToken cancellationToken);
}
