namespace Layers.Domain.Common;

/// <summary>The <c>xxx_&lt;uuid&gt;</c> form shared by the public ids.</summary>
internal static class PrefixedGuid
{
    public static string Format(string prefix, Guid value) => string.Concat(prefix, value.ToString("D"));

    /// <summary>
    /// Only the hyphenated 36-character form, with or without the prefix; braces, parentheses and
    /// the 32-digit form are not ids. The empty uuid is never an id.
    /// </summary>
    public static bool TryParse(string? text, string prefix, out Guid value)
    {
        value = Guid.Empty;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan();
        if (span.StartsWith(prefix, StringComparison.Ordinal))
        {
            span = span[prefix.Length..];
        }

        // TryParseExact trims surrounding whitespace, so the length is checked first.
        return span.Length == 36 && Guid.TryParseExact(span, "D", out value) && value != Guid.Empty;
    }
}
