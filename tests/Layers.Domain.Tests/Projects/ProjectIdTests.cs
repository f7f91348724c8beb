using Layers.Domain.Common;
using Layers.Domain.Projects;

namespace Layers.Domain.Tests.Projects;

public class ProjectIdTests
{
    private const string Uuid = "0b7e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e";

    [Theory]
    [InlineData("prj_" + Uuid)]
    [InlineData(Uuid)]
    [InlineData("prj_0B7E1BC2-0D3F-4B6A-9C1E-2F3A4B5C6D7E")]
    public void TryParse_accepts_the_prefixed_or_bare_uuid_in_either_case(string text)
    {
        Assert.True(ProjectId.TryParse(text, out var id));
        Assert.Equal(Guid.Parse(Uuid), id.Value.Value);
    }

    [Theory]
    [InlineData("inf_" + Uuid)]
    [InlineData("PRJ_" + Uuid)]
    [InlineData("prj_00000000-0000-0000-0000-000000000000")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("{" + Uuid + "}")]
    [InlineData("prj_{" + Uuid + "}")]
    [InlineData("0b7e1bc20d3f4b6a9c1e2f3a4b5c6d7e")]
    [InlineData("prj_0b7e1bc20d3f4b6a9c1e2f3a4b5c6d7e")]
    [InlineData("prj_" + Uuid + " ")]
    [InlineData(" " + Uuid)]
    [InlineData("prj_")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_rejects_anything_else(string? text)
    {
        Assert.False(ProjectId.TryParse(text, out var id));
        Assert.Null(id);
    }

    [Fact]
    public void ToString_renders_the_prefix_and_the_lowercase_hyphenated_uuid()
    {
        var id = new ProjectId(Guid.Parse("0B7E1BC2-0D3F-4B6A-9C1E-2F3A4B5C6D7E"));

        Assert.Equal("prj_" + Uuid, id.ToString());
    }

    [Fact]
    public void The_empty_uuid_is_not_an_id()
    {
        var exception = Assert.Throws<DomainException>(() => new ProjectId(Guid.Empty));

        Assert.Equal("A project id cannot be empty.", exception.Message);
    }
}
