using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Layers.Api.Http;

/// <summary>
/// The proxies whose <c>X-Forwarded-For</c> the API believes, bound from the "ForwardedHeaders"
/// configuration section: addresses (<c>KnownProxies</c>) and CIDR networks (<c>KnownNetworks</c>).
/// Empty by default: the header is then ignored and the client address is the connection's peer.
/// </summary>
public sealed record TrustedProxiesOptions
{
    public IReadOnlyList<string> KnownProxies { get; init; } = [];

    public IReadOnlyList<string> KnownNetworks { get; init; } = [];

    /// <summary>
    /// Whether a connection on a unix socket, which has no peer address, is a proxy's: the socket
    /// file's permissions decide who may connect. Off by default.
    /// </summary>
    public bool TrustUnixSockets { get; init; }
}

/// <summary>
/// ASP.NET Core's forwarded-headers middleware, trusting only the configured proxies. It replaces
/// the connection's remote address, which <see cref="ClientAddress"/> reads, so the per-address
/// limits and the failed-authentication budget count the client behind a trusted proxy, and the
/// peer itself otherwise.
/// </summary>
public static class TrustedProxies
{
    /// <summary>
    /// Before anything that reads the client address. Without a configured proxy it adds nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">An entry is not an address or a CIDR network.</exception>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app, TrustedProxiesOptions trusted)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(trusted);
        if (ForwardedHeadersOptions(trusted) is not { } options)
        {
            return app;
        }

        // The framework's middleware believes a connection without a peer address whatever its
        // lists say, and every peer when both lists are empty: each kind of connection goes to it
        // only when configured.
        var addressesKnown = options.KnownProxies.Count > 0 || options.KnownIPNetworks.Count > 0;
        return app.UseWhen(
            context => context.Connection.RemoteIpAddress is null ? trusted.TrustUnixSockets : addressesKnown,
            branch => branch.UseForwardedHeaders(options));
    }

    /// <summary>The middleware's options, or null when no proxy is configured.</summary>
    private static ForwardedHeadersOptions? ForwardedHeadersOptions(TrustedProxiesOptions trusted)
    {
        if (trusted.KnownProxies.Count == 0 && trusted.KnownNetworks.Count == 0 && !trusted.TrustUnixSockets)
        {
            return null;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor,

            // Only the last entry, the one the trusted proxy appended: anything before it is what the
            // client sent and could name any address.
            ForwardLimit = 1,
        };

        // The framework trusts loopback by default; here only what is configured is trusted.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in trusted.KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address."));
        }

        foreach (var network in trusted.KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: '{network}' is not a CIDR network such as 10.0.0.0/8."));
        }

        return options;
    }
}
