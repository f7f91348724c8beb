using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Layers.Bench.Bare;

/// <summary>
/// The contract's rule for each PATCH field (the reference page, patch-influencer.md), written
/// here on their own rather than taken from the API, so that the baseline pays for its own checks.
/// Each returns null for a good value, else the message to report.
/// </summary>
public static partial class FieldRules
{
    public const int MaxNameLength = 128;
    public const int MaxLanguageLength = 255;

    public static readonly FrozenSet<string> Genders = FrozenSet.Create(StringComparer.Ordinal, "male", "female", "non_binary");

    public static readonly FrozenSet<string> AgeRanges =
        FrozenSet.Create(StringComparer.Ordinal, "teen", "young_adult", "adult", "mid_adult", "mature", "senior");

    public static readonly FrozenSet<string> BrandVoices =
        FrozenSet.Create(StringComparer.Ordinal, "authentic", "witty", "professional", "warm", "casual", "educational");

    // RFC 5646, section 2.1: tags that predate its grammar and do not match it, in registry case.
    private static readonly string[] IrregularTags =
    [
        "en-GB-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux", "i-mingo",
        "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-BE-FR", "sgn-BE-NL", "sgn-CH-DE",
    ];

    /// <summary>
    /// A display name: 1 to 128 code points, no control characters or unpaired surrogates, and not
    /// only white space and invisible format characters. Kept as sent.
    /// </summary>
    public static string? NameError(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var codePoints = 0;
        var visible = false;
        var rest = name.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var length) != OperationStatus.Done)
            {
                return "Name must not contain unpaired surrogates.";
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.Control)
            {
                return "Name must not contain control characters.";
            }

            visible |= !Rune.IsWhiteSpace(rune) && category != UnicodeCategory.Format;
            codePoints++;
            rest = rest[length..];
        }

        return codePoints == 0 ? "Name must be at least 1 character."
            : codePoints > MaxNameLength ? $"Name must be at most {MaxNameLength} characters."
            : visible ? null
            : "Name must not be blank.";
    }

    /// <summary>
    /// A language tag well-formed per RFC 5646 (section 2.1, with the no-repeat rules of sections
    /// 2.2.5 and 2.2.6), at most 255 characters, given back in the canonical case of section
    /// 2.1.1 (<c>zh-hans-cn</c> is <c>zh-Hans-CN</c>). Whether its subtags are registered is not
    /// checked.
    /// </summary>
    public static bool TryLanguage(string tag, out string canonical)
    {
        ArgumentNullException.ThrowIfNull(tag);
        canonical = string.Empty;
        if (tag.Length is 0 or > MaxLanguageLength)
        {
            return false;
        }

        if (Array.Find(IrregularTags, irregular => Ascii.EqualsIgnoreCase(irregular, tag)) is { } known)
        {
            canonical = known;
            return true;
        }

        var match = LanguageTagGrammar().Match(tag);
        if (!match.Success || Repeats(match.Groups["variant"]) || Repeats(match.Groups["singleton"]))
        {
            return false;
        }

        canonical = string.Create(tag.Length, tag, WriteCanonicalCase);
        return true;
    }

    /// <summary>Whether a subtag occurs twice, in any case.</summary>
    private static bool Repeats(Group subtags)
    {
        var captures = subtags.Captures;
        for (var i = 1; i < captures.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (Ascii.EqualsIgnoreCase(captures[i].ValueSpan, captures[j].ValueSpan))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // Lower case, but a two-letter subtag is upper case and a four-letter one title case, unless it
    // opens the tag or comes after a singleton (an extension or private use).
    private static void WriteCanonicalCase(Span<char> canonical, string tag)
    {
        var afterSingleton = false;
        var start = 0;
        while (start < tag.Length)
        {
            var end = tag.IndexOf('-', start);
            end = end < 0 ? tag.Length : end;
            var length = end - start;
            for (var i = start; i < end; i++)
            {
                var upper = start > 0 && !afterSingleton && (length == 2 || (length == 4 && i == start));
                canonical[i] = upper ? char.ToUpperInvariant(tag[i]) : char.ToLowerInvariant(tag[i]);
            }

            afterSingleton |= length == 1;
            if (end < tag.Length)
            {
                canonical[end] = '-';
            }

            start = end + 1;
        }
    }

    // RFC 5646's langtag and privateuse productions, ASCII letters and digits only (no
    // IgnoreCase: it would let the Kelvin sign stand for k). The variant and singleton captures are
    // those of the parse that matched: the engine drops the captures of attempts it backtracks out of.
    [GeneratedRegex("""
        \A(?:
            (?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})
            (?:-[A-Za-z]{4})?
            (?:-(?:[A-Za-z]{2}|[0-9]{3}))?
            (?:-(?<variant>[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*
            (?:-(?<singleton>[0-9A-WYZa-wyz])(?:-[A-Za-z0-9]{2,8})+)*
            (?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?
          |[Xx](?:-[A-Za-z0-9]{1,8})+
        )\z
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTagGrammar();
}
