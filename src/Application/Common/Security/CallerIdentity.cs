using Layers.Domain.Organizations;

namespace Layers.Application.Common.Security;

/// <summary>Who is calling: the org an authenticated API key belongs to, and what it may do.</summary>
public sealed record CallerIdentity(OrgId OrgId, string KeyId, IReadOnlySet<string> Scopes)
{
    public bool HasScope(string scope) => Scopes.Contains(scope);
}
