using Layers.Api.Hosting;

namespace Layers.Api.Tests.Hosting;

public sealed class ShutdownOptionsTests
{
    [Fact]
    public void A_negative_drain_delay_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => new ShutdownOptions { DrainDelay = TimeSpan.FromSeconds(-1) }.Validated());

    [Theory]
    [InlineData(5, 5)]
    [InlineData(10, 5)]
    public void A_timeout_not_longer_than_the_drain_delay_is_refused(int drainSeconds, int timeoutSeconds) =>
        Assert.Throws<InvalidOperationException>(() => new ShutdownOptions { DrainDelay = TimeSpan.FromSeconds(drainSeconds), Timeout = TimeSpan.FromSeconds(timeoutSeconds) }.Validated());

    [Fact]
    public void The_defaults_drain_for_5_s_within_30_s()
    {
        var options = new ShutdownOptions().Validated();

        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)), (options.DrainDelay, options.Timeout));
    }
}
