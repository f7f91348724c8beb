using Layers.Domain.Common;
using Layers.Domain.Organizations;

namespace Layers.Domain.Projects;

public sealed record Project(ProjectId Id, OrgId OrgId, DisplayName Name, DateTimeOffset CreatedAt);
