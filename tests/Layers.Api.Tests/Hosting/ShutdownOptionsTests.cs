using Layers.Api.Hosting;

namespace Layers.Api.Tests.Hosting;

public sealed class ShutdownOptionsTests
{
    [Fact]
    public void A_negative_drain_delay_is_refused_with_its_range() =>
        Assert.Equal(
            ["Shutdown:DrainDelay must be from 00:00:00 to 00:05:00 (was -00:00:01)."],
            Problems(new ShutdownOptions { DrainDelay = TimeSpan.FromSeconds(-1) }));

    [Theory]
    [InlineData(5, 5)]
    [InlineData(10, 5)]
    public void A_timeout_not_longer_than_the_drain_delay_is_refused(int drainSeconds, int timeoutSeconds) =>
        Assert.Equal(
            [$"Shutdown:Timeout must be longer than Shutdown:DrainDelay (was 00:00:{timeoutSeconds:00})."],
            Problems(new ShutdownOptions { DrainDelay = TimeSpan.FromSeconds(drainSeconds), Timeout = TimeSpan.FromSeconds(timeoutSeconds) }));

    [Fact]
    public void A_timeout_over_ten_minutes_is_refused_not_shortened() =>
        Assert.Equal(
            ["Shutdown:Timeout must be from 00:00:00 to 00:10:00 (was 00:10:01)."],
            Problems(new ShutdownOptions { Timeout = TimeSpan.FromSeconds(601) }));

    [Fact]
    public void The_defaults_drain_for_5_s_within_30_s()
    {
        var options = new ShutdownOptions();

        Assert.Empty(Problems(options));
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)), (options.DrainDelay, options.Timeout));
    }

    private static IEnumerable<string> Problems(ShutdownOptions options) =>
        new ShutdownOptionsValidator().Validate(null, options).Failures ?? [];
}
