namespace Layers.Application.Common.Concurrency;

/// <summary>
/// A client's condition on the stored version of a resource (HTTP <c>If-Match</c>): any version,
/// or one of the listed ones. A condition that lists nothing usable matches no version.
/// </summary>
public sealed class VersionPrecondition
{
    private readonly long[] versions;

    private VersionPrecondition(bool matchesAny, long[] versions)
    {
        MatchesAny = matchesAny;
        this.versions = versions;
    }

    public static VersionPrecondition Any { get; } = new(true, []);

    public bool MatchesAny { get; }

    public IReadOnlyList<long> Versions => versions;

    public static VersionPrecondition OneOf(IEnumerable<long> versions) => new(false, [.. versions]);

    public bool IsSatisfiedBy(long version) => MatchesAny || versions.Contains(version);
}
