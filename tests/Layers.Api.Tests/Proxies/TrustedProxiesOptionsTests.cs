using Layers.Api.Proxies;

namespace Layers.Api.Tests.Proxies;

public sealed class TrustedProxiesOptionsTests
{
    [Fact]
    public void Each_entry_that_is_no_address_or_network_is_named_on_a_line_of_its_own() =>
        Assert.Equal(
            [
                "ForwardedHeaders:KnownProxies:1 must be an IP address (was proxy.internal).",
                "ForwardedHeaders:KnownNetworks:0 must be a CIDR network such as 10.0.0.0/8 (was 10.0.0.0/33).",
            ],
            Problems(new TrustedProxiesOptions { KnownProxies = ["10.0.0.1", "proxy.internal"], KnownNetworks = ["10.0.0.0/33", "fd00::/8"] }));

    [Fact]
    public void By_default_no_proxy_is_trusted() =>
        Assert.Empty(Problems(new TrustedProxiesOptions()));

    private static IEnumerable<string> Problems(TrustedProxiesOptions options) =>
        new TrustedProxiesOptionsValidator().Validate(null, options).Failures ?? [];
}
