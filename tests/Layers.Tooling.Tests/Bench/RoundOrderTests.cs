using Layers.Bench.Runner;

namespace Layers.Tooling.Tests.Bench;

public sealed class RoundOrderTests
{
    [Fact]
    public void Three_targets_rotate_so_that_each_takes_every_place_once_in_three_rounds()
    {
        string[] targets = ["API", "API as shipped", "bare"];

        Assert.Equal(["API", "API as shipped", "bare"], RoundOrder.Rotate(targets, 0));
        Assert.Equal(["API as shipped", "bare", "API"], RoundOrder.Rotate(targets, 1));
        Assert.Equal(["bare", "API", "API as shipped"], RoundOrder.Rotate(targets, 2));
        Assert.Equal(["API", "API as shipped", "bare"], RoundOrder.Rotate(targets, 3));
    }

    [Fact]
    public void Two_targets_alternate_which_goes_first()
    {
        string[] targets = ["API", "bare"];

        Assert.Equal(["API", "bare"], RoundOrder.Rotate(targets, 0));
        Assert.Equal(["bare", "API"], RoundOrder.Rotate(targets, 1));
        Assert.Equal(["API", "bare"], RoundOrder.Rotate(targets, 4));
    }
}
