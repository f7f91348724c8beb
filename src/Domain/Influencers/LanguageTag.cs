using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

using Layers.Domain.Common;

namespace Layers.Domain.Influencers;

/// <summary>
/// A BCP 47 language tag that is valid per RFC 5646 section 2.2.9 as of the registry's
/// <see cref="RegistryFileDate"/>, held in the canonical case of section 2.1.1 (<c>zh-Hans-CN</c>):
/// well formed (section 2.1), without a repeated variant (section 2.2.5) or extension singleton
/// (section 2.2.6), and either a grandfathered tag or a tag whose language, extended language,
/// script, region and variant subtags are all in the IANA Language Subtag Registry. The registry's
/// private-use ranges count as registered (<c>qaa</c>..<c>qtz</c>, <c>Qaaa</c>..<c>Qabx</c>,
/// <c>QM</c>..<c>QZ</c>, <c>XA</c>..<c>XZ</c>), and so do deprecated subtags, which are kept as given.
/// </summary>
/// <remarks>
/// <para>Two rules of section 2.2.2 are enforced besides: an extended language subtag follows the
/// one prefix it is registered with (<c>zh-yue</c>, never <c>en-yue</c>, which means nothing), and
/// a tag has at most one, since the second and third positions "are, and will always remain,
/// invalid". Not checked, as section 2.2.9 does not make them part of validity: the prefixes a
/// variant recommends (several, and growing by registration; some variants have none), extension
/// subtags (each extension's own registry) and private-use subtags.</para>
/// <para>A stored tag is read back with <see cref="Restore"/>, which checks only well-formedness: a
/// row written before this rule, or by a release whose registry is newer, stays readable.</para>
/// </remarks>
public sealed class LanguageTag : IEquatable<LanguageTag>
{
    /// <summary>What a caller is told about text that is no well-formed tag.</summary>
    public const string NotWellFormed = "Invalid language tag. Expected a well-formed BCP 47 tag such as 'en' or 'es-MX'.";

    /// <summary>
    /// RFC 5646 (section 4.4.1) lets implementations cap a tag's length; this is the influencers
    /// column's cap, so that a longer valid tag is refused here rather than by the database.
    /// </summary>
    public const int MaxLength = 255;

    /// <summary>What a caller is told about a valid tag longer than <see cref="MaxLength"/>.</summary>
    public const string TooLong = "Language tag must be at most 255 characters.";

    private const int MaxSubtagLength = 8;

    // Longer tags exist only in theory; they canonicalise through a heap buffer instead.
    private const int StackBufferLength = 128;

    private static readonly SearchValues<char> TagCharacters =
        SearchValues.Create("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static readonly SearchValues<char> Letters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static readonly LanguageSubtagRegistry Registry = LanguageSubtagRegistry.Embedded;

    private LanguageTag(string value)
    {
        Value = value;
    }

    /// <summary>The tag in canonical case.</summary>
    public string Value { get; }

    public static bool operator ==(LanguageTag? left, LanguageTag? right) =>
        left is null ? right is null : left.Equals(right);

    public static bool operator !=(LanguageTag? left, LanguageTag? right) => !(left == right);

    /// <summary>The File-Date of the IANA Language Subtag Registry that tags are validated against.</summary>
    public static DateOnly RegistryFileDate => Registry.FileDate;

    /// <summary>
    /// Accepts any letter case; rejects null, whitespace and non-ASCII letters or digits. The error
    /// is <see cref="NotWellFormed"/>, or names the first subtag that makes the tag invalid, or is
    /// <see cref="TooLong"/> for a valid tag over <see cref="MaxLength"/>.
    /// </summary>
    public static bool TryCreate(string? input, [NotNullWhen(true)] out LanguageTag? tag, [NotNullWhen(false)] out string? error)
    {
        error = input is null ? NotWellFormed : Check(input, checkRegistry: true) ?? (input.Length > MaxLength ? TooLong : null);
        tag = error is null ? new LanguageTag(Canonicalize(input!)) : null;
        return tag is not null;
    }

    public static LanguageTag Create(string input) =>
        TryCreate(input, out var tag, out var error) ? tag : throw new DomainException(error);

    /// <summary>A stored tag: well formed, whatever the registry of this release holds.</summary>
    public static LanguageTag Restore(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return Check(stored, checkRegistry: false) is null
            ? new LanguageTag(Canonicalize(stored))
            : throw new DomainException($"'{stored}' is not a well-formed BCP 47 language tag.");
    }

    public bool Equals(LanguageTag? other) =>
        other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as LanguageTag);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;

    /// <summary>Null when the tag is good; else what is wrong with it.</summary>
    private static string? Check(ReadOnlySpan<char> tag, bool checkRegistry)
    {
        // One vectorised pass rejects whitespace, underscores and non-ASCII letters or digits, so
        // that the registry's case-insensitive lookups below only ever see ASCII.
        if (tag.IsEmpty || tag.ContainsAnyExcept(TagCharacters))
        {
            return NotWellFormed;
        }

        // Grandfathered tags are valid as a whole; the irregular ones (i-klingon) are not even
        // well formed by the langtag production.
        if (Registry.Grandfathered.Contains(tag))
        {
            return null;
        }

        if (!IsWellFormed(tag, checkRegistry, out var fault))
        {
            return NotWellFormed;
        }

        return fault.Kind == FaultKind.None ? null : fault.Message(tag);
    }

    private static string Canonicalize(string input)
    {
        ReadOnlySpan<char> tag = input;
        var canonical = tag.Length <= StackBufferLength ? stackalloc char[tag.Length] : new char[tag.Length];
        WriteCanonicalCase(tag, canonical);

        // Most callers already send canonical tags: keep their string instead of copying it.
        return canonical.SequenceEqual(tag) ? input : new string(canonical);
    }

    /// <summary>
    /// Whether the tag matches the langtag production (and repeats no variant or singleton); with
    /// <paramref name="checkRegistry"/>, also the first subtag that the registry does not allow.
    /// </summary>
    private static bool IsWellFormed(ReadOnlySpan<char> tag, bool checkRegistry, out Fault fault)
    {
        fault = default;
        var stage = Stage.Language;
        Range language = default;
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

            // Once a subtag is found invalid, the rest is only parsed: the first fault is reported.
            var lookUp = checkRegistry && fault.Kind == FaultKind.None;
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

                fault = lookUp && !Registry.Languages.Contains(subtag) ? new Fault(FaultKind.UnknownLanguage, range) : fault;
                language = range;

                // Only a two- or three-letter language may carry extlangs.
                stage = subtag.Length <= 3 ? Stage.Extlang : Stage.Script;
            }
            else if (stage >= Stage.ExtensionStart)
            {
                stage = Stage.Extension;
            }
            else if (stage == Stage.Extlang && extlangs < 3 && IsLetters(subtag, 3))
            {
                fault = lookUp ? CheckExtlang(tag, language, range, extlangs) : fault;
                extlangs++;
            }
            else if (stage <= Stage.Script && IsLetters(subtag, 4))
            {
                fault = lookUp && !Registry.Scripts.Contains(subtag) ? new Fault(FaultKind.UnknownScript, range) : fault;
                stage = Stage.Region;
            }
            else if (stage <= Stage.Region
                && (IsLetters(subtag, 2) || (subtag.Length == 3 && !subtag.ContainsAnyExceptInRange('0', '9'))))
            {
                fault = lookUp && !Registry.Regions.Contains(subtag) ? new Fault(FaultKind.UnknownRegion, range) : fault;
                stage = Stage.Variant;
            }
            else if (subtag.Length >= 5 || (subtag.Length == 4 && char.IsAsciiDigit(subtag[0])))
            {
                fault = lookUp && !Registry.Variants.Contains(subtag) ? new Fault(FaultKind.UnknownVariant, range) : fault;

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

    private static Fault CheckExtlang(ReadOnlySpan<char> tag, Range language, Range extlang, int extlangsBefore)
    {
        if (extlangsBefore > 0)
        {
            return new Fault(FaultKind.SecondExtlang, extlang);
        }

        if (!Registry.TryGetExtlangPrefix(tag[extlang], out var prefix))
        {
            return new Fault(FaultKind.UnknownExtlang, extlang);
        }

        return Ascii.EqualsIgnoreCase(tag[language], prefix) ? default : new Fault(FaultKind.ExtlangPrefix, extlang, prefix);
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

    private enum FaultKind
    {
        None,
        UnknownLanguage,
        UnknownExtlang,
        ExtlangPrefix,
        SecondExtlang,
        UnknownScript,
        UnknownRegion,
        UnknownVariant,
    }

    /// <summary>The first subtag that makes a well-formed tag invalid, and why.</summary>
    private readonly record struct Fault(FaultKind Kind, Range Subtag, string? Prefix = null)
    {
        // Subtags are at most eight ASCII letters or digits, so quoting them back is safe.
        public string Message(ReadOnlySpan<char> tag)
        {
            var subtag = tag[Subtag];
            return Kind switch
            {
                FaultKind.UnknownLanguage => $"Unknown language subtag '{subtag}'.",
                FaultKind.UnknownExtlang => $"Unknown extended language subtag '{subtag}'.",
                FaultKind.ExtlangPrefix => $"Extended language subtag '{subtag}' is only valid after '{Prefix}'.",
                FaultKind.SecondExtlang => $"Extended language subtag '{subtag}' cannot follow another extended language subtag.",
                FaultKind.UnknownScript => $"Unknown script subtag '{subtag}'.",
                FaultKind.UnknownRegion => $"Unknown region subtag '{subtag}'.",
                FaultKind.UnknownVariant => $"Unknown variant subtag '{subtag}'.",
                _ => throw new InvalidOperationException($"{Kind} is no fault."),
            };
        }
    }
}
