using System.Collections.Frozen;

namespace Layers.Domain.Influencers;

/// <summary>
/// Subtags of one kind, found by a span of the tag without allocating, ignoring case (RFC 5646
/// section 2.1.1). A private-use range such as qaa..qtz holds every subtag of its length between
/// its ends. Callers pass ASCII letters and digits only.
/// </summary>
internal sealed class SubtagSet
{
    private const string RangeMark = "..";

    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> subtags;
    private readonly (string First, string Last)[] ranges;

    public SubtagSet(IEnumerable<string> entries)
    {
        var list = entries.ToList();
        subtags = list.Where(entry => !entry.Contains(RangeMark, StringComparison.Ordinal))
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();
        ranges = [.. list.Where(entry => entry.Contains(RangeMark, StringComparison.Ordinal))
            .Select(entry => entry.Split(RangeMark) is [var first, var last] ? (first, last) : throw new InvalidDataException($"'{entry}' is no range."))];
    }

    public bool Contains(ReadOnlySpan<char> subtag)
    {
        if (subtags.Contains(subtag))
        {
            return true;
        }

        foreach (var (first, last) in ranges)
        {
            if (subtag.Length == first.Length
                && subtag.CompareTo(first, StringComparison.OrdinalIgnoreCase) >= 0
                && subtag.CompareTo(last, StringComparison.OrdinalIgnoreCase) <= 0)
            {
                return true;
            }
        }

        return false;
    }
}
