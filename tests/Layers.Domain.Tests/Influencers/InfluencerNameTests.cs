using Layers.Domain.Common;
using Layers.Domain.Influencers;

namespace Layers.Domain.Tests.Influencers;

/// <summary>The rule itself is <see cref="DisplayName"/>'s and tested there.</summary>
public class InfluencerNameTests
{
    [Fact]
    public void A_name_is_kept_exactly_as_given()
    {
        Assert.True(InfluencerName.TryCreate("  Zoë 李  ", out var name, out var error));
        Assert.Null(error);
        Assert.Equal("  Zoë 李  ", name.Value);
    }

    [Fact]
    public void A_name_the_display_name_rule_refuses_is_refused_with_its_message()
    {
        Assert.False(InfluencerName.TryCreate("Ava\tChen", out var name, out var error));
        Assert.Null(name);
        Assert.Equal("Name must not contain control characters.", error);
    }

    [Fact]
    public void Create_throws_the_same_message_for_an_invalid_name()
    {
        var exception = Assert.Throws<DomainException>(() => InfluencerName.Create("   "));

        Assert.Equal("Name must not be blank.", exception.Message);
    }

    [Fact]
    public void Names_compare_ordinally()
    {
        Assert.Equal(InfluencerName.Create("Ava"), InfluencerName.Create("Ava"));
        Assert.NotEqual(InfluencerName.Create("Ava"), InfluencerName.Create("ava"));
    }
}
