using Layers.Application.Influencers;
using Layers.Domain.Influencers;

namespace Layers.Application.Tests.Influencers;

/// <summary>The messages for text that is no value of its field; the value rules themselves are the Domain's.</summary>
public class InfluencerInputTests
{
    [Theory]
    [InlineData("x")]
    [InlineData("Male")]
    [InlineData("")]
    [InlineData("{PropertyName}")]
    public void An_unknown_enum_value_is_echoed_verbatim_with_the_accepted_values(string text)
    {
        Assert.False(InfluencerInput.TryEnum<Gender>(text, out _, out var error));
        Assert.Equal($"Invalid enum value. Expected 'male' | 'female' | 'non_binary', received '{text}'", error);
    }

    [Fact]
    public void Enum_values_are_read_by_their_wire_names()
    {
        Assert.True(InfluencerInput.TryEnum<AgeRange>("young_adult", out var ageRange, out _));
        Assert.Equal(AgeRange.YoungAdult, ageRange);
    }

    [Theory]
    [InlineData("es_MX", LanguageTag.NotWellFormed)]
    [InlineData("", LanguageTag.NotWellFormed)]
    [InlineData("english", "Unknown language subtag 'english'.")]
    [InlineData("en-Abcd", "Unknown script subtag 'Abcd'.")]
    public void A_language_tag_that_is_no_valid_tag_reports_the_domains_message(string text, string message)
    {
        Assert.False(InfluencerInput.TryLanguage(text, out var language, out var error));
        Assert.Null(language);
        Assert.Equal(message, error);
    }

    [Fact]
    public void A_valid_language_tag_longer_than_the_column_is_too_long()
    {
        // Private-use subtags: valid however many there are.
        var tag = "en-x-" + string.Join('-', Enumerable.Repeat("abcdefgh", 30));

        Assert.True(LanguageTag.TryCreate(tag, out _, out _));
        Assert.True(tag.Length > InfluencerInput.MaxLanguageLength);
        Assert.False(InfluencerInput.TryLanguage(tag, out var language, out var error));
        Assert.Null(language);
        Assert.Equal(InfluencerInput.LanguageTooLong, error);
    }

    [Theory]
    [InlineData("inf_0b7e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e")]
    [InlineData("prj_00000000-0000-0000-0000-000000000000")]
    [InlineData("prj_0b7e1bc20d3f4b6a9c1e2f3a4b5c6d7e")]
    [InlineData("")]
    public void A_text_that_is_no_project_id_is_an_invalid_project_id(string text)
    {
        Assert.False(InfluencerInput.TryProjectId(text, out _, out var error));
        Assert.Equal(InfluencerInput.InvalidProjectId, error);
    }

    [Fact]
    public void A_name_reports_the_domain_rule_it_breaks()
    {
        Assert.False(InfluencerInput.TryName(" \u00A0 ", out _, out var error));
        Assert.Equal("Name must not be blank.", error);
    }
}
