using System.Diagnostics.CodeAnalysis;

namespace Layers.Domain.Common;

/// <summary>
/// A public id, rendered as <c>&lt;prefix&gt;&lt;uuid&gt;</c>. Each kind is its own type, so an
/// influencer id cannot be passed as a project id, while the rules live here once. Code names the
/// kinds through global aliases (InfluencerId, ProjectId) declared in Directory.Build.props.
/// </summary>
[SuppressMessage(
    "Design",
    "CA1000:Do not declare static members on generic types",
    Justification = "Callers go through the aliases, which supply the type argument: InfluencerId.New(), ProjectId.TryParse(...).")]
public readonly record struct PrefixedId<TKind>
    where TKind : IIdKind
{
    public PrefixedId(Guid value) => Value = IdValue.Checked(value, TKind.Name);

    public static string Prefix => TKind.Prefix;

    public Guid Value { get; }

    public static PrefixedId<TKind> New() => new(Guid.CreateVersion7());

    /// <summary>
    /// Accepts the prefixed or the bare uuid, hex in either case, but only its hyphenated
    /// 36-character form: braces, parentheses and the 32-digit form are not ids. The empty uuid is
    /// never an id.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out PrefixedId<TKind>? id)
    {
        id = null;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan();
        if (span.StartsWith(TKind.Prefix, StringComparison.Ordinal))
        {
            span = span[TKind.Prefix.Length..];
        }

        // TryParseExact trims surrounding whitespace, so the length is checked first.
        if (span.Length == 36 && Guid.TryParseExact(span, "D", out var value) && IdValue.IsValid(value))
        {
            id = new PrefixedId<TKind>(value);
        }

        return id is not null;
    }

    public override string ToString() => string.Concat(TKind.Prefix, Value.ToString("D"));
}
