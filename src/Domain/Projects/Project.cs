using Layers.Domain.Organizations;

namespace Layers.Domain.Projects;

public sealed record Project(ProjectId Id, OrgId OrgId, string Name, DateTimeOffset CreatedAt);
