using Layers.Domain.Common;
using Layers.Domain.Influencers;

namespace Layers.Domain.Tests.Influencers;

public class InfluencerIdTests
{
    private const string Uuid = "4a8e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e";

    [Theory]
    [InlineData("inf_" + Uuid)]
    [InlineData(Uuid)]
    [InlineData("inf_4A8E1BC2-0D3F-4B6A-9C1E-2F3A4B5C6D7E")]
    [InlineData("4A8E1BC2-0d3f-4B6A-9c1e-2F3A4B5C6D7E")]
    public void TryParse_accepts_the_prefixed_or_bare_uuid_in_either_case(string text)
    {
        Assert.True(InfluencerId.TryParse(text, out var id));
        Assert.Equal(Guid.Parse(Uuid), id.Value.Value);
    }

    [Theory]
    [InlineData("prj_" + Uuid)]
    [InlineData("INF_" + Uuid)]
    [InlineData("inf" + Uuid)]
    [InlineData("inf_inf_" + Uuid)]
    [InlineData("inf_00000000-0000-0000-0000-000000000000")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("{" + Uuid + "}")]
    [InlineData("inf_{" + Uuid + "}")]
    [InlineData("(" + Uuid + ")")]
    [InlineData("4a8e1bc20d3f4b6a9c1e2f3a4b5c6d7e")]
    [InlineData("inf_4a8e1bc20d3f4b6a9c1e2f3a4b5c6d7e")]
    [InlineData(" inf_" + Uuid)]
    [InlineData("inf_" + Uuid + " ")]
    [InlineData(" " + Uuid)]
    [InlineData(Uuid + "\n")]
    [InlineData("inf_")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_rejects_anything_else(string? text)
    {
        Assert.False(InfluencerId.TryParse(text, out var id));
        Assert.Null(id);
    }

    [Fact]
    public void ToString_renders_the_prefix_and_the_lowercase_hyphenated_uuid()
    {
        var id = new InfluencerId(Guid.Parse("4A8E1BC2-0D3F-4B6A-9C1E-2F3A4B5C6D7E"));

        Assert.Equal("inf_" + Uuid, id.ToString());
    }

    [Fact]
    public void ToString_round_trips_through_TryParse()
    {
        var id = InfluencerId.New();

        Assert.True(InfluencerId.TryParse(id.ToString(), out var parsed));
        Assert.Equal(id, parsed);
    }

    [Fact]
    public void The_empty_uuid_is_not_an_id()
    {
        var exception = Assert.Throws<DomainException>(() => new InfluencerId(Guid.Empty));

        Assert.Equal("An influencer id cannot be empty.", exception.Message);
    }
}
