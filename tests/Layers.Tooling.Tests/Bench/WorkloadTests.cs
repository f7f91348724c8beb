using Layers.Bench.Runner;

namespace Layers.Tooling.Tests.Bench;

public sealed class WorkloadTests
{
    [Fact]
    public void The_spec_gives_each_field_its_values_and_every_single_field_body()
    {
        var workload = Workload.Parse("name=Ava Chen,Noah Patel;language=en,zh-Hans-CN");

        Assert.Equal(["name", "language"], workload.Fields.Select(field => field.Field));
        Assert.Equal(
            ["""{"name":"Ava Chen"}""", """{"name":"Noah Patel"}""", """{"language":"en"}""", """{"language":"zh-Hans-CN"}"""],
            workload.Bodies);
    }

    [Theory]
    [InlineData("")]
    [InlineData("name")]
    [InlineData("name=")]
    [InlineData("name=Ava,;gender=male")]
    [InlineData("=male")]
    [InlineData("name=a=b")]
    [InlineData("name=O\"Brien")]
    public void A_spec_that_is_not_fields_and_values_is_refused(string spec)
    {
        Assert.Throws<FormatException>(() => Workload.Parse(spec));
    }
}
