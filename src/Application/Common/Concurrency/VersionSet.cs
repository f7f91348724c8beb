namespace Layers.Application.Common.Concurrency;

/// <summary>Versions a client names: any version at all, or the listed ones (possibly none).</summary>
public sealed class VersionSet
{
    private readonly long[] versions;

    private VersionSet(bool isAny, long[] versions)
    {
        IsAny = isAny;
        this.versions = versions;
    }

    public static VersionSet Any { get; } = new(true, []);

    public bool IsAny { get; }

    public IReadOnlyList<long> Versions => versions;

    public static VersionSet Of(IEnumerable<long> versions) => new(false, [.. versions]);

    public bool Contains(long version) => IsAny || versions.Contains(version);
}
