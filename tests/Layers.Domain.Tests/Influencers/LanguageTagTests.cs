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
    public void Rfc5646_appendix_A_valid_examples_are_accepted(string input)
    {
        Assert.True(LanguageTag.TryCreate(input, out var tag));
        Assert.Equal(input, tag.Value, ignoreCase: true);
    }

    [Theory]
    [MemberData(nameof(AppendixAInvalidExamples))]
    public void Rfc5646_appendix_A_invalid_examples_are_rejected(string input)
    {
        Assert.False(LanguageTag.TryCreate(input, out var tag));
        Assert.Null(tag);
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
    public void Tags_at_every_subtag_length_boundary_are_accepted(string input)
    {
        Assert.True(LanguageTag.TryCreate(input, out _));
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
        Assert.False(LanguageTag.TryCreate(input, out _));
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
        Assert.False(LanguageTag.TryCreate(input, out _));
    }

    [Fact]
    public void Null_is_rejected()
    {
        Assert.False(LanguageTag.TryCreate(null, out var tag));
        Assert.Null(tag);
    }

    [Theory]
    [InlineData("sl-rozaj-rozaj")]
    [InlineData("sl-rozaj-ROZAJ")]
    [InlineData("de-1901-1901")]
    [InlineData("de-CH-1901-rozaj-1901")]
    public void Repeated_variants_are_rejected_in_any_case(string input)
    {
        Assert.False(LanguageTag.TryCreate(input, out _));
    }

    [Theory]
    [MemberData(nameof(ManyDistinctVariants))]
    public void Many_distinct_variants_are_accepted(string input)
    {
        Assert.True(LanguageTag.TryCreate(input, out _));
    }

    [Theory]
    [MemberData(nameof(ManyVariantsWithOneRepeat))]
    public void One_repeat_among_many_variants_is_rejected(string input)
    {
        Assert.False(LanguageTag.TryCreate(input, out _));
    }

    [Theory]
    [InlineData("en-a-bb-a-cc")]
    [InlineData("en-a-bb-A-cc")]
    [InlineData("en-1-bb-1-cc")]
    [InlineData("en-a-bb-b-cc-a-dd-x-ee")]
    public void Repeated_extension_singletons_are_rejected_in_any_case(string input)
    {
        Assert.False(LanguageTag.TryCreate(input, out _));
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
    [InlineData("ABCD-LATN", "abcd-Latn")]
    [InlineData("SL-ROZAJ-BISKE", "sl-rozaj-biske")]
    [InlineData("EN-1ABC", "en-1abc")]
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

        Assert.Equal($"'{input}' is not a well-formed BCP 47 language tag.", exception.Message);
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
}
