using Layers.Domain.Organizations;

namespace Layers.Application.Organizations;

public interface IOrgRepository
{
    Task<Org?> FindBySlugAsync(OrgSlug slug, CancellationToken cancellationToken);

    Task AddAsync(Org org, CancellationToken cancellationToken);
}
