namespace Layers.Application.Common.Security;

/// <summary>The scopes an API key can carry.</summary>
public static class Scopes
{
    public const string InfluencersRead = "influencers:read";
    public const string InfluencersWrite = "influencers:write";

    public static IReadOnlyList<string> All { get; } = [InfluencersRead, InfluencersWrite];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);
}
