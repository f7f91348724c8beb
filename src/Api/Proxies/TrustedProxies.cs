using System.Net;
using Layers.Infrastructure.Settings;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Layers.Api.Proxies;

/// <summary>
/// The proxies whose <c>X-Forwarded-For</c> the API believes, bound from the "ForwardedHeaders"
/// configuration section: addresses (<c>KnownProxies</c>) and CIDR networks (<c>KnownNetworks</c>).
/// Empty by default: the header is then ignored and the client address is the connection's peer.
/// </summary>
public sealed record TrustedProxiesOptions
{
    public const string Section = "ForwardedHeaders";

    public IReadOnlyList<string> KnownProxies { get; set; } = [];

    public IReadOnlyList<string> KnownNetworks { get; set; } = [];

    /// <summary>
    /// Whether a connection on a unix socket, which has no peer address, is a proxy's: the socket
    /// file's permissions decide who may connect. Off by default.
    /// </summary>
    public bool TrustUnixSockets { get; set; }
}

/// <summary>The trusted proxies, checked when the host starts: each entry an address or a network.</summary>
public sealed class TrustedProxiesOptionsValidator : IValidateOptions<TrustedProxiesOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedProxiesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new SettingProblems(TrustedProxiesOptions.Section);
        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            problems.Check(IPAddress.TryParse(options.KnownProxies[i], out _), $"{nameof(options.KnownProxies)}:{i}", "must be an IP address", options.KnownProxies[i]);
        }

        for (var i = 0; i < options.KnownNetworks.Count; i++)
        {
            problems.Check(System.Net.IPNetwork.TryParse(options.KnownNetworks[i], out _), $"{nameof(options.KnownNetworks)}:{i}", "must be a CIDR network such as 10.0.0.0/8", options.KnownNetworks[i]);
        }

        return problems.Result;
    }
}

/// <summary>
/// ASP.NET Core's forwarded-headers middleware, trusting only the configured proxies. It replaces
/// the connection's remote address, which <see cref="ClientAddress"/> reads, so the per-address
/// limits and the failed-authentication budget count the client behind a trusted proxy, and the
/// peer itself otherwise.
/// </summary>
public static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<TrustedProxiesOptions, TrustedProxiesOptionsValidator>(configuration, TrustedProxiesOptions.Section);
        return services;
    }

    /// <summary>
    /// Before anything that reads the client address. Without a configured proxy it adds nothing.
    /// </summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var trusted = app.ApplicationServices.GetRequiredService<IOptions<TrustedProxiesOptions>>().Value;
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
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in trusted.KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        return options;
    }
}
