using Layers.Domain.Influencers;

namespace Layers.Domain.Tests.Influencers;

/// <summary>
/// The embedded registry data as LanguageTag reads it; that the data is what the generator makes
/// of its source is tested in tests/Layers.Tooling.Tests.
/// </summary>
public class LanguageSubtagRegistryTests
{
    private static readonly LanguageSubtagRegistry Registry = LanguageSubtagRegistry.Embedded;

    [Fact]
    public void Lookups_of_every_kind_allocate_nothing()
    {
        var tag = "EN-zh-yue-HANS-qtz-Qabx-XZ-419-ROZAJ-i-klingon".ToCharArray();
        var found = 0;
        void LookUpAll()
        {
            ReadOnlySpan<char> text = tag;
            found = (Registry.Languages.Contains(text[..2]) ? 1 : 0)
                + (Registry.TryGetExtlangPrefix(text[6..9], out _) ? 1 : 0)
                + (Registry.Scripts.Contains(text[10..14]) ? 1 : 0)
                + (Registry.Languages.Contains(text[15..18]) ? 1 : 0)
                + (Registry.Scripts.Contains(text[19..23]) ? 1 : 0)
                + (Registry.Regions.Contains(text[24..26]) ? 1 : 0)
                + (Registry.Regions.Contains(text[27..30]) ? 1 : 0)
                + (Registry.Variants.Contains(text[31..36]) ? 1 : 0)
                + (Registry.Grandfathered.Contains(text[37..]) ? 1 : 0);
        }

        LookUpAll();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 10_000; round++)
        {
            LookUpAll();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(9, found);
    }

    [Theory]
    [InlineData("qaa", true)]
    [InlineData("qtz", true)]
    [InlineData("QHZ", true)]
    [InlineData("qa", false)]
    [InlineData("qaaa", false)]
    [InlineData("pzz", false)]
    public void A_range_holds_the_subtags_of_its_length_between_its_ends_in_any_case(string subtag, bool registered)
    {
        Assert.Equal(registered, Registry.Languages.Contains(subtag));
    }

    [Theory]
    [InlineData("file-date 2025-08-25\nlanguage en\nextlang zh-yue\nscript Latn\nregion US\nvariant 1901\nscrpt Hans\ngrandfathered i-ami\n")]
    [InlineData("file-date 2025-08-25\nlanguage en\nextlang yue\nscript Latn\nregion US\nvariant 1901\ngrandfathered i-ami\n")]
    [InlineData("language en\nextlang zh-yue\nscript Latn\nregion US\nvariant 1901\ngrandfathered i-ami\n")]
    [InlineData("file-date 2025-08-25\nlanguage en\nextlang zh-yue\nscript Latn\nregion US\ngrandfathered i-ami\n")]
    public void Data_that_is_not_the_generators_is_refused(string text)
    {
        Assert.Throws<InvalidDataException>(() => LanguageSubtagRegistry.Parse(new StringReader(text)));
    }

    [Fact]
    public void The_generators_form_is_read_comments_and_ranges_included()
    {
        var registry = LanguageSubtagRegistry.Parse(new StringReader(
            "# comment\nfile-date 2024-03-07\nlanguage en qaa..qtz\nextlang zh-yue\nscript Latn\nregion US\nvariant 1901\ngrandfathered i-ami\n"));

        Assert.Equal(new DateOnly(2024, 3, 7), registry.FileDate);
        Assert.True(registry.Languages.Contains("qbc"));
        Assert.True(registry.TryGetExtlangPrefix("YUE", out var prefix));
        Assert.Equal("zh", prefix);
        Assert.True(registry.Grandfathered.Contains("I-AMI"));
        Assert.False(registry.Languages.Contains("de"));
    }
}
