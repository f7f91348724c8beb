namespace Layers.Domain.Organizations;

/// <summary>A customer organisation: the tenant that owns projects, influencers and API keys.</summary>
public sealed record Org(OrgId Id, OrgSlug Slug, DateTimeOffset CreatedAt);
