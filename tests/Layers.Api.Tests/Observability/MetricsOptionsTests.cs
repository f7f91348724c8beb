using Layers.Api.Observability;

namespace Layers.Api.Tests.Observability;

public sealed class MetricsOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void A_port_that_is_no_port_number_is_refused(int port) =>
        Assert.Equal(
            [$"Metrics:Port must be a port number from 1 to 65535 (was {port})."],
            Problems(new MetricsOptions { Port = port }));

    [Fact]
    public void An_empty_host_is_refused() =>
        Assert.Equal(["Metrics:Host must name a host, or * for every interface (was )."], Problems(new MetricsOptions { Host = string.Empty }));

    [Fact]
    public void By_default_no_port_serves_metrics()
    {
        var options = new MetricsOptions();

        Assert.Empty(Problems(options));
        Assert.Null(options.Port);
    }

    private static IEnumerable<string> Problems(MetricsOptions options) =>
        new MetricsOptionsValidator().Validate(null, options).Failures ?? [];
}
