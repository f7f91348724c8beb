using Layers.Api.Http;

namespace Layers.Api.Tests.Http;

public sealed class RequestLimitsOptionsTests
{
    /// <summary>Kestrel checks a body's arrival once a second, and needs more than one to check it at all.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(2500)]
    public void A_body_timeout_not_in_whole_seconds_over_one_is_refused(int milliseconds) =>
        Assert.Throws<InvalidOperationException>(() => new RequestLimitsOptions { BodyTimeout = TimeSpan.FromMilliseconds(milliseconds) }.Validated());

    [Fact]
    public void The_default_body_timeout_is_Kestrels_grace_period_for_a_body()
    {
        var options = new RequestLimitsOptions().Validated();

        Assert.Equal(TimeSpan.FromSeconds(5), options.BodyDataRate.GracePeriod);
    }
}
