using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

using Layers.Domain.Common;

namespace Layers.Domain.Influencers;

/// <summary>
/// A BCP 47 language tag, well-formed per RFC 5646 section 2.1 and without the repeated variant
/// (section 2.2.5) or extension singleton (section 2.2.6) those sections forbid, held in the
/// canonical case of section 2.1.1 (<c>zh-Hans-CN</c>). Whether the subtags are registered is not
/// checked.
/// </summary>
/// <remarks>
/// Section 2.2.9 files the two repeat rules under validity rather than well-formedness; they are
/// enforced anyway because sections 2.2.5 and 2.2.6 state them as MUSTs.
/// </remarks>
public sealed class LanguageTag : IEquatable<LanguageTag>
{
    private const int MaxSubtagLength = 8;

    // Longer tags exist only in theory; they canonicalise through a heap buffer instead.
    private const int StackBufferLength = 128;

    private static readonly SearchValues<char> TagCharacters =
        SearchValues.Create("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static readonly SearchValues<char> Letters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    // The irregular grandfathered tags do not match the langtag production, so they are listed.
    // The regular ones (art-lojban, zh-min-nan, ...) do match it and need no entry.
    private static readonly string[] IrregularGrandfathered =
    [
        "en-GB-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux",
        "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-BE-FR", "sgn-BE-NL", "sgn-CH-DE",
    ];

    private LanguageTag(string value)
    {
        Value = value;
    }

    /// <summary>The tag in canonical case.</summary>
    public string Value { get; }

    public static bool operator ==(LanguageTag? left, LanguageTag? right) =>
        left is null ? right is null : left.Equals(right);

    public static bool operator !=(LanguageTag? left, LanguageTag? right) => !(left == right);

    /// <summary>Accepts any letter case; rejects null, whitespace and non-ASCII letters or digits.</summary>
    public static bool TryCreate(string? input, [NotNullWhen(true)] out LanguageTag? tag)
    {
        var canonical = input is null ? null : Canonicalize(input);
        tag = canonical is null ? null : new LanguageTag(canonical);
        return tag is not null;
    }

    public static LanguageTag Create(string input) =>
        TryCreate(input, out var tag)
            ? tag
            : throw new DomainException($"'{input}' is not a well-formed BCP 47 language tag.");

    public bool Equals(LanguageTag? other) =>
        other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as LanguageTag);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;

    private static string? Canonicalize(string input)
    {
        ReadOnlySpan<char> tag = input;
        if (!IsWellFormed(tag) && !IsIrregularGrandfathered(tag))
        {
            return null;
        }

        var canonical = tag.Length <= StackBufferLength ? stackalloc char[tag.Length] : new char[tag.Length];
        WriteCanonicalCase(tag, canonical);

        // Most callers already send canonical tags: keep their string instead of copying it.
        return canonical.SequenceEqual(tag) ? input : new string(canonical);
    }

    private static bool IsWellFormed(ReadOnlySpan<char> tag)
    {
        // One vectorised pass rejects whitespace, underscores and non-ASCII letters or digits.
        if (tag.IsEmpty || tag.ContainsAnyExcept(TagCharacters))
        {
            return false;
        }

        var stage = Stage.Language;
        var extlangs = 0;
        var variants = 0;
        Index variantsStart = 0;
        Index variantsEnd = 0;
        ulong singletons = 0;
        foreach (var range in tag.Split('-'))
        {
            var subtag = tag[range];
            if (subtag.IsEmpty || subtag.Length > MaxSubtagLength)
            {
                return false;
            }

            if (stage >= Stage.PrivateUseStart)
            {
                stage = Stage.PrivateUse;
            }
            else if (subtag.Length == 1)
            {
                // Only x may open a tag (a-DE is not a tag; the i- tags are grandfathered), and an
                // extension needs at least one subtag before the next singleton.
                if (stage == Stage.ExtensionStart)
                {
                    return false;
                }

                if (subtag[0] is 'x' or 'X')
                {
                    stage = Stage.PrivateUseStart;
                }
                else if (stage == Stage.Language || !TryAddSingleton(ref singletons, subtag[0]))
                {
                    return false;
                }
                else
                {
                    stage = Stage.ExtensionStart;
                }
            }
            else if (stage == Stage.Language)
            {
                if (subtag.ContainsAnyExcept(Letters))
                {
                    return false;
                }

                // Only a two- or three-letter language may carry extlangs.
                stage = subtag.Length <= 3 ? Stage.Extlang : Stage.Script;
            }
            else if (stage >= Stage.ExtensionStart)
            {
                stage = Stage.Extension;
            }
            else if (stage == Stage.Extlang && extlangs < 3 && IsLetters(subtag, 3))
            {
                extlangs++;
            }
            else if (stage <= Stage.Script && IsLetters(subtag, 4))
            {
                stage = Stage.Region;
            }
            else if (stage <= Stage.Region
                && (IsLetters(subtag, 2) || (subtag.Length == 3 && !subtag.ContainsAnyExceptInRange('0', '9'))))
            {
                stage = Stage.Variant;
            }
            else if (subtag.Length >= 5 || (subtag.Length == 4 && char.IsAsciiDigit(subtag[0])))
            {
                // Variants are contiguous, so remembering their span is enough to check repeats.
                if (variants++ == 0)
                {
                    variantsStart = range.Start;
                }

                variantsEnd = range.End;
                stage = Stage.Variant;
            }
            else
            {
                return false;
            }
        }

        return stage is not (Stage.ExtensionStart or Stage.PrivateUseStart)
            && (variants < 2 || !HasRepeatedVariant(tag[variantsStart..variantsEnd], variants));
    }

    private static bool IsLetters(ReadOnlySpan<char> subtag, int length) =>
        subtag.Length == length && !subtag.ContainsAnyExcept(Letters);

    // Singletons outside private use may not repeat; one bit per alphanumeric tracks them.
    private static bool TryAddSingleton(ref ulong seen, char singleton)
    {
        var bit = 1UL << AlphanumericIndex(singleton);
        if ((seen & bit) != 0)
        {
            return false;
        }

        seen |= bit;
        return true;
    }

    // A variant is at most eight alphanumerics, so base-37 digits 1..36 pack it into a ulong without
    // loss, case-insensitively; sorting the keys keeps a hostile tag with thousands of variants from
    // costing quadratic time.
    private static bool HasRepeatedVariant(ReadOnlySpan<char> variants, int count)
    {
        var keys = count <= 16 ? stackalloc ulong[count] : new ulong[count];
        var index = 0;
        foreach (var range in variants.Split('-'))
        {
            ulong key = 0;
            foreach (var c in variants[range])
            {
                key = (key * 37) + (ulong)AlphanumericIndex(c) + 1;
            }

            keys[index++] = key;
        }

        keys.Sort();
        for (var i = 1; i < keys.Length; i++)
        {
            if (keys[i] == keys[i - 1])
            {
                return true;
            }
        }

        return false;
    }

    private static int AlphanumericIndex(char c) => char.IsAsciiDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;

    private static bool IsIrregularGrandfathered(ReadOnlySpan<char> tag)
    {
        foreach (var irregular in IrregularGrandfathered)
        {
            // ASCII-only, unlike OrdinalIgnoreCase, so no Unicode case mapping can sneak a tag in.
            if (Ascii.EqualsIgnoreCase(tag, irregular))
            {
                return true;
            }
        }

        return false;
    }

    // Section 2.1.1: lowercase, except that two-letter subtags are uppercase (CN) and four-letter
    // ones titlecase (Hans) unless they open the tag or follow a singleton. This also gives every
    // grandfathered tag its registry casing (en-GB-oed, i-klingon, sgn-BE-FR).
    private static void WriteCanonicalCase(ReadOnlySpan<char> tag, Span<char> destination)
    {
        _ = Ascii.ToLower(tag, destination, out _);
        var afterSingleton = false;
        foreach (var range in tag.Split('-'))
        {
            var subtag = destination[range];
            if (range.Start.Value > 0 && !afterSingleton)
            {
                var uppercase = subtag.Length switch
                {
                    2 => 2,
                    4 => 1,
                    _ => 0,
                };
                _ = Ascii.ToUpperInPlace(subtag[..uppercase], out _);
            }

            afterSingleton |= subtag.Length == 1;
        }
    }

    // What the parser expects next, in the order of the langtag production.
    private enum Stage
    {
        Language,
        Extlang,
        Script,
        Region,
        Variant,
        ExtensionStart,
        Extension,
        PrivateUseStart,
        PrivateUse,
    }
}
