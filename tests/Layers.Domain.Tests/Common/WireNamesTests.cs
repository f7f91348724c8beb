using Layers.Domain.Common;
using Layers.Domain.Influencers;

namespace Layers.Domain.Tests.Common;

public class WireNamesTests
{
    [Fact]
    public void Gender_names_are_snake_case_in_declaration_order()
    {
        Assert.Equal(["male", "female", "non_binary"], WireNames.All<Gender>());
    }

    [Fact]
    public void Age_range_names_are_snake_case_in_declaration_order()
    {
        Assert.Equal(["teen", "young_adult", "adult", "mid_adult", "mature", "senior"], WireNames.All<AgeRange>());
    }

    [Fact]
    public void Brand_voice_names_are_lowercase_in_declaration_order()
    {
        Assert.Equal(["authentic", "witty", "professional", "warm", "casual", "educational"], WireNames.All<BrandVoice>());
    }

    [Fact]
    public void Status_names_are_lowercase()
    {
        Assert.Equal(["ready"], WireNames.All<InfluencerStatus>());
    }

    [Theory]
    [InlineData(Gender.NonBinary, "non_binary")]
    [InlineData(Gender.Male, "male")]
    public void Of_gives_the_wire_name_of_a_gender(Gender value, string expected)
    {
        Assert.Equal(expected, WireNames.Of(value));
    }

    [Theory]
    [InlineData(AgeRange.YoungAdult, "young_adult")]
    [InlineData(AgeRange.MidAdult, "mid_adult")]
    [InlineData(AgeRange.Teen, "teen")]
    public void Of_gives_the_wire_name_of_an_age_range(AgeRange value, string expected)
    {
        Assert.Equal(expected, WireNames.Of(value));
    }

    [Fact]
    public void Of_an_undefined_value_is_rejected()
    {
        var exception = Assert.Throws<DomainException>(() => WireNames.Of((Gender)99));

        Assert.Equal("99 is not a defined Gender.", exception.Message);
    }

    [Fact]
    public void Of_the_default_value_of_an_enum_starting_at_1_is_rejected()
    {
        Assert.Throws<DomainException>(() => WireNames.Of(default(Gender)));
    }

    [Theory]
    [InlineData("non_binary", Gender.NonBinary)]
    [InlineData("female", Gender.Female)]
    public void TryParse_accepts_an_exact_wire_name(string name, Gender expected)
    {
        Assert.True(WireNames.TryParse<Gender>(name, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("Female")]
    [InlineData("FEMALE")]
    [InlineData("NonBinary")]
    [InlineData("nonbinary")]
    [InlineData("non-binary")]
    [InlineData("Non_Binary")]
    [InlineData(" female")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_rejects_other_spellings(string? name)
    {
        Assert.False(WireNames.TryParse<Gender>(name, out var value));
        Assert.Null(value);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("Male")]
    [InlineData("")]
    [InlineData("{PropertyName}")]
    public void A_text_that_is_no_wire_name_is_echoed_verbatim_with_the_accepted_names(string text)
    {
        Assert.False(WireNames.TryParse<Gender>(text, out var value, out var error));
        Assert.Equal(default, value);
        Assert.Equal($"Invalid enum value. Expected 'male' | 'female' | 'non_binary', received '{text}'", error);
    }

    [Fact]
    public void TryParse_with_a_message_reads_an_exact_wire_name()
    {
        Assert.True(WireNames.TryParse<AgeRange>("young_adult", out var value, out var error));
        Assert.Equal(AgeRange.YoungAdult, value);
        Assert.Null(error);
    }

    [Fact]
    public void Parse_returns_the_value_for_a_wire_name()
    {
        Assert.Equal(AgeRange.MidAdult, WireNames.Parse<AgeRange>("mid_adult"));
    }

    [Fact]
    public void Parse_rejects_an_unknown_name_with_a_message()
    {
        var exception = Assert.Throws<DomainException>(() => WireNames.Parse<AgeRange>("MidAdult"));

        Assert.Equal("'MidAdult' is not a valid AgeRange.", exception.Message);
    }
}
