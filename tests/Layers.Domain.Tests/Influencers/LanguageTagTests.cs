using Layers.Domain.Common;
using Layers.Domain.Influencers;

namespace Layers.Domain.Tests.Influencers;

public class LanguageTagTests
{
    // RFC 5646 Appendix A, "Examples of Language Tags (Informative)".
    public static TheoryData<string> AppendixAValidExamples { get; } =
    [
        // Simple language subtag
        "de", "fr", "ja", "i-enochian",

        // Language subtag plus script subtag
        "zh-Hant", "zh-Hans", "sr-Cyrl", "sr-Latn",

        // Extended language subtags and their primary language subtag counterparts
        "zh-cmn-Hans-CN", "cmn-Hans-CN", "zh-yue-HK", "yue-HK",

        // Language-Script-Region
        "zh-Hans-CN", "sr-Latn-RS",

        // Language-Variant
        "sl-rozaj", "sl-rozaj-biske", "sl-nedis",

        // Language-Region-Variant
        "de-CH-1901", "sl-IT-nedis",

        // Language-Script-Region-Variant
        "hy-Latn-IT-arevela",

        // Language-Region
        "de-DE", "en-US", "es-419",

        // Private use subtags
        "de-CH-x-phonebk", "az-Arab-x-AZE-derbend",

        // Private use registry values
        "x-whatever", "qaa-Qaaa-QM-x-southern", "de-Qaaa", "sr-Latn-QM", "sr-Qaaa-RS",

        // Tags that use extensions
        "en-US-u-islamcal", "zh-CN-a-myext-x-private", "en-a-myext-b-another",
    ];

    // RFC 5646 Appendix A, "Some Invalid Tags". The first two break the ABNF; the third matches it
    // and is rejected only by the section 2.2.6 rule against repeating a singleton.
    public static TheoryData<string> AppendixAInvalidExamples { get; } =
    [
        "de-419-DE",
        "a-DE",
        "ar-a-aaa-b-bbb-a-ccc",
    ];

    public static TheoryData<string> GrandfatheredTags { get; } =
    [
        // Irregular
        "en-GB-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux",
        "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-BE-FR", "sgn-BE-NL", "sgn-CH-DE",

        // Regular
        "art-lojban", "cel-gaulish", "no-bok", "no-nyn", "zh-guoyu", "zh-hakka", "zh-min", "zh-min-nan",
        "zh-xiang",
    ];

    public static TheoryData<string> ManyDistinctVariants { get; } =
    [
        "en-" + string.Join('-', Enumerable.Range(0, 40).Select(i => $"v{i:0000}")),
    ];

    public static TheoryData<string> ManyVariantsWithOneRepeat { get; } =
    [
        "en-" + string.Join('-', Enumerable.Range(0, 40).Select(i => $"v{i:0000}")) + "-V0000",
        "en-" + string.Join('-', Enumerable.Range(0, 40).Select(i => $"v{i:0000}")) + "-v0039",
    ];

    [Theory]
    [MemberData(nameof(AppendixAValidExamples))]
    public void Rfc5646_appendix_A_valid_examples_are_valid(string input)
    {
        Assert.True(LanguageTag.TryCreate(input, out var tag, out var error), error);
        Assert.Equal(input, tag.Value, ignoreCase: true);
    }

    [Theory]
    [MemberData(nameof(AppendixAInvalidExamples))]
    public void Rfc5646_appendix_A_invalid_examples_are_rejected(string input)
    {
        AssertNotWellFormed(input);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("abcd")]
    [InlineData("abcde")]
    [InlineData("abcdefgh")]
    [InlineData("en-abc")]
    [InlineData("en-abc-def-ghi")]
    [InlineData("abc-abc-Latn-US")]
    [InlineData("en-Latn")]
    [InlineData("abcd-Latn")]
    [InlineData("abcdefgh-Latn")]
    [InlineData("en-US")]
    [InlineData("en-419")]
    [InlineData("en-1abc")]
    [InlineData("en-1234")]
    [InlineData("en-abcde")]
    [InlineData("en-a1234")]
    [InlineData("en-12345678")]
    [InlineData("en-abcdefgh")]
    [InlineData("en-US-1901-abcdefgh")]
    [InlineData("en-a-bb")]
    [InlineData("en-a-bbbbbbbb")]
    [InlineData("en-0-bb")]
    [InlineData("en-a-bb-b-cc-ddd")]
    [InlineData("en-a-bb-x-a-bb")]
    [InlineData("en-x-a")]
    [InlineData("en-x-aaaaaaaa")]
    [InlineData("en-x-a-a")]
    [InlineData("x-a")]
    [InlineData("x-aaaaaaaa")]
    [InlineData("x-a-b-c")]
    public void Tags_at_every_subtag_length_boundary_are_well_formed(string input)
    {
        // Restore checks the grammar alone: most of these subtags are not registered.
        Assert.Equal(input, LanguageTag.Restore(input).Value, ignoreCase: true);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("abcdefghi")]
    [InlineData("en-abcdefghi")]
    [InlineData("en-a-bbbbbbbbb")]
    [InlineData("en-x-aaaaaaaaa")]
    [InlineData("x-aaaaaaaaa")]
    [InlineData("1")]
    [InlineData("12")]
    [InlineData("e1")]
    [InlineData("en-1")]
    [InlineData("en-12")]
    [InlineData("en-1ab")]
    [InlineData("en-a123")]
    [InlineData("en-Lat1")]
    [InlineData("en-U1")]
    [InlineData("abcd-abc")]
    [InlineData("abcde-abc")]
    [InlineData("en-abc-def-ghi-jkl")]
    [InlineData("en-US-abc")]
    [InlineData("en-Latn-abc")]
    [InlineData("en-Latn-Cyrl")]
    [InlineData("en-US-Latn")]
    [InlineData("en-US-GB")]
    [InlineData("en-US-419")]
    [InlineData("en-1901-US")]
    [InlineData("en-1901-Latn")]
    [InlineData("en-x-a-b-c-abcdefghi")]
    public void Tags_breaking_the_rfc5646_grammar_are_rejected(string input)
    {
        AssertNotWellFormed(input);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("-")]
    [InlineData("en--US")]
    [InlineData("-en")]
    [InlineData("en-")]
    [InlineData("en-US-")]
    [InlineData("en_US")]
    [InlineData("en.US")]
    [InlineData("en US")]
    [InlineData(" en")]
    [InlineData("en ")]
    [InlineData("en\t")]
    [InlineData("en-US\n")]
    [InlineData("en\0")]
    [InlineData("ën")]
    [InlineData("en-ÜS")]
    [InlineData("ｅｎ")]
    [InlineData("es-٤١٩")]
    [InlineData("x")]
    [InlineData("x-")]
    [InlineData("en-x")]
    [InlineData("en-a")]
    [InlineData("en-a-x-bb")]
    [InlineData("en-a-b-cc")]
    [InlineData("i")]
    [InlineData("i-xyz")]
    [InlineData("en-GB-oed-x")]
    [InlineData("i-klingon-x-a")]
    [InlineData("\u0131-klingon")]
    [InlineData("i-\u212Alingon")]
    [InlineData("\u017Fgn-BE-FR")]
    public void Malformed_input_is_rejected(string input)
    {
        AssertNotWellFormed(input);
    }

    [Fact]
    public void A_valid_tag_is_at_most_the_columns_length()
    {
        // Private-use subtags: valid however many there are.
        var longest = "en-x-" + string.Join('-', Enumerable.Repeat("abcdefgh", 27)) + "-abcdefg";
        var tooLong = "en-x-" + string.Join('-', Enumerable.Repeat("abcdefgh", 28));

        Assert.Equal((LanguageTag.MaxLength, LanguageTag.MaxLength + 1), (longest.Length, tooLong.Length));
        Assert.True(LanguageTag.TryCreate(longest, out _, out var error), error);
        Assert.False(LanguageTag.TryCreate(tooLong, out var tag, out error));
        Assert.Null(tag);
        Assert.Equal("Language tag must be at most 255 characters.", error);
    }

    [Fact]
    public void Null_is_rejected()
    {
        Assert.False(LanguageTag.TryCreate(null, out var tag, out var error));
        Assert.Null(tag);
        Assert.Equal(LanguageTag.NotWellFormed, error);
    }

    [Theory]
    [InlineData("sl-rozaj-rozaj")]
    [InlineData("sl-rozaj-ROZAJ")]
    [InlineData("de-1901-1901")]
    [InlineData("de-CH-1901-rozaj-1901")]
    public void Repeated_variants_are_rejected_in_any_case(string input)
    {
        AssertNotWellFormed(input);
    }

    [Theory]
    [MemberData(nameof(ManyDistinctVariants))]
    public void Many_distinct_variants_are_well_formed(string input)
    {
        Assert.Equal(input, LanguageTag.Restore(input).Value);
    }

    [Theory]
    [MemberData(nameof(ManyVariantsWithOneRepeat))]
    public void One_repeat_among_many_variants_is_rejected(string input)
    {
        AssertNotWellFormed(input);
    }

    [Theory]
    [InlineData("en-a-bb-a-cc")]
    [InlineData("en-a-bb-A-cc")]
    [InlineData("en-1-bb-1-cc")]
    [InlineData("en-a-bb-b-cc-a-dd-x-ee")]
    public void Repeated_extension_singletons_are_rejected_in_any_case(string input)
    {
        AssertNotWellFormed(input);
    }

    [Theory]
    [InlineData("ZH-hans-cn", "zh-Hans-CN")]
    [InlineData("en-us", "en-US")]
    [InlineData("es-419", "es-419")]
    [InlineData("EN", "en")]
    [InlineData("de-CH-1901", "de-CH-1901")]
    [InlineData("DE-ch-1901", "de-CH-1901")]
    [InlineData("en-US-x-TWAIN", "en-US-x-twain")]
    [InlineData("ZH-CMN-HANS-CN", "zh-cmn-Hans-CN")]
    [InlineData("SGN-ASE-us", "sgn-ase-US")]
    [InlineData("SL-ROZAJ-BISKE", "sl-rozaj-biske")]
    [InlineData("SL-ROZAJ-1994", "sl-rozaj-1994")]
    [InlineData("az-Arab-x-AZE-derbend", "az-Arab-x-aze-derbend")]
    [InlineData("QAA-qaaa-qm-X-SOUTHERN", "qaa-Qaaa-QM-x-southern")]
    [InlineData("X-WHATEVER", "x-whatever")]
    [InlineData("EN-A-MYEXT-B-ANOTHER", "en-a-myext-b-another")]
    [InlineData("EN-A-BB-X-AB-ABCD", "en-a-bb-x-ab-abcd")]
    [InlineData("en-U-CA-X-AB", "en-u-ca-x-ab")]
    public void Tags_are_stored_in_rfc5646_canonical_case(string input, string expected)
    {
        Assert.Equal(expected, LanguageTag.Create(input).Value);
    }

    [Theory]
    [MemberData(nameof(GrandfatheredTags))]
    public void Grandfathered_tags_in_any_case_take_their_registry_casing(string registered)
    {
        Assert.Equal(registered, LanguageTag.Create(registered.ToUpperInvariant()).Value);
        Assert.Equal(registered, LanguageTag.Create(registered.ToLowerInvariant()).Value);
        Assert.Equal(registered, LanguageTag.Create(registered).Value);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("en-US")]
    [InlineData("zh-Hans-CN")]
    [InlineData("de-CH-1901")]
    [InlineData("x-whatever")]
    [InlineData("en-US-x-twain")]
    [InlineData("i-klingon")]
    [InlineData("en-GB-oed")]
    [InlineData("zh-min-nan")]
    public void An_already_canonical_input_is_kept_as_the_same_string(string canonical)
    {
        // A fresh copy, so the check cannot pass merely because literals are interned.
        var input = new string(canonical.AsSpan());

        Assert.Same(input, LanguageTag.Create(input).Value);
    }

    [Theory]
    [MemberData(nameof(AppendixAInvalidExamples))]
    [InlineData("")]
    [InlineData("en--US")]
    [InlineData("ën")]
    public void Create_rejects_a_malformed_tag_with_a_domain_exception(string input)
    {
        var exception = Assert.Throws<DomainException>(() => LanguageTag.Create(input));

        Assert.Equal(LanguageTag.NotWellFormed, exception.Message);
    }

    [Fact]
    public void Create_rejects_an_invalid_tag_with_the_subtag_it_names()
    {
        var exception = Assert.Throws<DomainException>(() => LanguageTag.Create("en-Abcd"));

        Assert.Equal("Unknown script subtag 'Abcd'.", exception.Message);
    }

    [Fact]
    public void Tags_differing_only_in_case_are_equal()
    {
        var upper = LanguageTag.Create("EN-us");
        var canonical = LanguageTag.Create("en-US");

        Assert.Equal(canonical, upper);
        Assert.True(upper == canonical);
        Assert.False(upper != canonical);
        Assert.True(upper.Equals((object)canonical));
        Assert.Equal(canonical.GetHashCode(), upper.GetHashCode());
    }

    [Fact]
    public void Different_tags_are_not_equal()
    {
        var english = LanguageTag.Create("en-US");
        var british = LanguageTag.Create("en-GB");

        Assert.NotEqual(english, british);
        Assert.True(english != british);
        Assert.False(english == british);
        Assert.False(english.Equals(null));
        Assert.False(english.Equals((object)"en-US"));
        Assert.False(english == null);
        Assert.True((LanguageTag?)null == null);
    }

    [Fact]
    public void ToString_is_the_canonical_value()
    {
        Assert.Equal("zh-Hans-CN", LanguageTag.Create("zh-hans-cn").ToString());
    }

    [Theory]
    [InlineData("english", "Unknown language subtag 'english'.")]
    [InlineData("zz", "Unknown language subtag 'zz'.")]
    [InlineData("abcd", "Unknown language subtag 'abcd'.")]
    [InlineData("qaaa", "Unknown language subtag 'qaaa'.")]
    [InlineData("ENGLISH-US", "Unknown language subtag 'ENGLISH'.")]
    [InlineData("zh-abc", "Unknown extended language subtag 'abc'.")]
    [InlineData("en-Abcd", "Unknown script subtag 'Abcd'.")]
    [InlineData("sr-Qaby", "Unknown script subtag 'Qaby'.")]
    [InlineData("en-AB", "Unknown region subtag 'AB'.")]
    [InlineData("en-QL", "Unknown region subtag 'QL'.")]
    [InlineData("es-999", "Unknown region subtag '999'.")]
    [InlineData("de-abcde", "Unknown variant subtag 'abcde'.")]
    [InlineData("de-1902", "Unknown variant subtag '1902'.")]
    [InlineData("sl-rozaj-x1234", "Unknown variant subtag 'x1234'.")]
    public void A_subtag_missing_from_the_registry_is_named(string input, string error)
    {
        AssertInvalid(input, error);
    }

    [Theory]
    [InlineData("zz-Abcd-AB-abcde", "Unknown language subtag 'zz'.")]
    [InlineData("en-Abcd-AB-abcde", "Unknown script subtag 'Abcd'.")]
    [InlineData("en-Latn-AB-abcde", "Unknown region subtag 'AB'.")]
    public void Only_the_first_unregistered_subtag_is_named(string input, string error)
    {
        AssertInvalid(input, error);
    }

    [Theory]
    [InlineData("zz-")]
    [InlineData("english-US-")]
    [InlineData("zz-1901-1901")]
    [InlineData("en-Abcd-a-bb-a-cc")]
    public void A_malformed_tag_is_reported_malformed_whatever_its_subtags(string input)
    {
        AssertNotWellFormed(input);
    }

    [Theory]
    [InlineData("en-yue", "Extended language subtag 'yue' is only valid after 'zh'.")]
    [InlineData("ar-cmn-CN", "Extended language subtag 'cmn' is only valid after 'zh'.")]
    [InlineData("zh-min-nan-TW", "Extended language subtag 'min' is only valid after 'ms'.")]
    public void An_extended_language_subtag_must_follow_its_registered_prefix(string input, string error)
    {
        AssertInvalid(input, error);
    }

    [Theory]
    [InlineData("zh-yue-HK", "zh-yue-HK")]
    [InlineData("ZH-YUE", "zh-yue")]
    [InlineData("sgn-ase", "sgn-ase")]
    [InlineData("ar-aao-EG", "ar-aao-EG")]
    [InlineData("ms-zsm-Latn", "ms-zsm-Latn")]
    public void An_extended_language_subtag_after_its_prefix_is_valid(string input, string canonical)
    {
        Assert.Equal(canonical, LanguageTag.Create(input).Value);
    }

    [Theory]
    [InlineData("zh-cmn-yue", "Extended language subtag 'yue' cannot follow another extended language subtag.")]
    [InlineData("zh-cmn-cmn-Hans", "Extended language subtag 'cmn' cannot follow another extended language subtag.")]
    [InlineData("zh-yue-gan-wuu", "Extended language subtag 'gan' cannot follow another extended language subtag.")]
    public void A_second_extended_language_subtag_is_invalid(string input, string error)
    {
        AssertInvalid(input, error);
    }

    [Theory]
    [InlineData("qaa", "qaa")]
    [InlineData("qtz", "qtz")]
    [InlineData("QMA", "qma")]
    [InlineData("en-Qaaa", "en-Qaaa")]
    [InlineData("en-qabx", "en-Qabx")]
    [InlineData("de-QM", "de-QM")]
    [InlineData("de-qz", "de-QZ")]
    [InlineData("de-XA", "de-XA")]
    [InlineData("de-XZ", "de-XZ")]
    [InlineData("qaa-Qaaa-QM-x-southern", "qaa-Qaaa-QM-x-southern")]
    [InlineData("x-english", "x-english")]
    [InlineData("en-x-zz-abcd-english", "en-x-zz-abcd-english")]
    public void Private_use_ranges_and_subtags_are_valid(string input, string canonical)
    {
        Assert.Equal(canonical, LanguageTag.Create(input).Value);
    }

    [Theory]
    [InlineData("en-a-bbb")]
    [InlineData("de-DE-u-co-phonebk")]
    [InlineData("en-z-anything-x-zz")]
    public void Extension_subtags_are_not_looked_up(string input)
    {
        Assert.Equal(input, LanguageTag.Create(input).Value);
    }

    [Theory]
    [InlineData("en-1901")]
    [InlineData("fr-rozaj")]
    [InlineData("ja-Latn-hepburn-heploc")]
    public void A_variant_need_not_follow_a_prefix_it_recommends(string input)
    {
        Assert.Equal(input, LanguageTag.Create(input).Value);
    }

    [Theory]
    [InlineData("iw")]
    [InlineData("mo")]
    [InlineData("en-BU")]
    [InlineData("de-DD")]
    [InlineData("sgn-BR")]
    public void Deprecated_subtags_stay_valid_and_are_kept_as_given(string input)
    {
        Assert.Equal(input, LanguageTag.Create(input).Value);
    }

    [Theory]
    [InlineData("cel-gaulish")]
    [InlineData("zh-min")]
    [InlineData("zh-guoyu")]
    [InlineData("i-default")]
    public void Grandfathered_tags_are_valid_though_their_parts_are_not_registered(string input)
    {
        Assert.Equal(input, LanguageTag.Create(input).Value);
    }

    [Theory]
    [InlineData("cel-gaulish-fonipa", "Unknown variant subtag 'gaulish'.")]
    [InlineData("zh-guoyu-pinyin", "Unknown variant subtag 'guoyu'.")]
    public void Only_a_whole_grandfathered_tag_is_grandfathered(string input, string error)
    {
        AssertInvalid(input, error);
    }

    [Theory]
    [InlineData("english")]
    [InlineData("zz-Abcd-AB")]
    [InlineData("en-yue")]
    [InlineData("ZH-cmn-yue")]
    public void A_stored_tag_needs_only_to_be_well_formed(string stored)
    {
        Assert.Equal(stored, LanguageTag.Restore(stored).Value, ignoreCase: true);
    }

    [Theory]
    [InlineData("en_US")]
    [InlineData("de-419-DE")]
    [InlineData("")]
    public void A_stored_tag_that_is_not_well_formed_is_refused_with_its_text(string stored)
    {
        var exception = Assert.Throws<DomainException>(() => LanguageTag.Restore(stored));

        Assert.Equal($"'{stored}' is not a well-formed BCP 47 language tag.", exception.Message);
    }

    [Fact]
    public void Checking_the_registry_allocates_nothing_beyond_the_tag()
    {
        // Canonical input, so both keep the caller's string and allocate only the LanguageTag;
        // each kind of lookup is there: ranges, extlang prefixes and a grandfathered tag included.
        string[] tags = ["zh-Hans-CN", "sl-IT-rozaj-biske", "zh-yue-HK", "qaa-Qaaa-QM", "i-klingon", "de-CH-1901", "es-419"];
        long AllocatedBy(Func<string, LanguageTag> parse)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var round = 0; round < 1000; round++)
            {
                foreach (var tag in tags)
                {
                    _ = parse(tag);
                }
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Func<string, LanguageTag> create = LanguageTag.Create;
        Func<string, LanguageTag> restore = LanguageTag.Restore;
        _ = (AllocatedBy(create), AllocatedBy(restore));

        Assert.Equal(AllocatedBy(restore), AllocatedBy(create));
    }

    private static void AssertNotWellFormed(string input)
    {
        AssertInvalid(input, LanguageTag.NotWellFormed);
        Assert.Throws<DomainException>(() => LanguageTag.Restore(input));
    }

    private static void AssertInvalid(string input, string expectedError)
    {
        Assert.False(LanguageTag.TryCreate(input, out var tag, out var error));
        Assert.Null(tag);
        Assert.Equal(expectedError, error);
    }
}
