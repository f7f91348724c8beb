using Layers.Domain.Organizations;

namespace Layers.Application.Organizations;

public interface IOrgRepository
{
    Task<Org?> FindBySlugAsync(OrgSlug slug, CancellationToken cancellationToken);

    Task AddAsync(Org org, CancellationToken cancellationToken);

    /// <summary>Every org, oldest first.</summary>
    Task<IReadOnlyList<Org>> ListAsync(CancellationToken cancellationToken);
}
