using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Layers.Api.Observability;

/// <summary>
/// Adds the metrics port to the addresses the server listens on. A startup filter runs after the
/// host has filled those addresses from the configuration (<c>ASPNETCORE_URLS</c>, <c>--urls</c>,
/// <c>ASPNETCORE_HTTP_PORTS</c>) and before the server binds them, so the API keeps the addresses
/// it was given; listening through Kestrel's own options instead would replace them all.
/// </summary>
internal sealed class MetricsPortAddress(IServer server, IOptions<MetricsOptions> settings) : IStartupFilter
{
    private readonly MetricsOptions options = settings.Value;

    // Where Kestrel listens when nothing is configured, which it would no longer do once the
    // list holds the metrics address.
    private const string KestrelDefault = "http://localhost:5000";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next)
    {
        // The in-memory test server has no addresses to add to.
        if (server.Features.Get<IServerAddressesFeature>() is { Addresses: { IsReadOnly: false } addresses })
        {
            if (addresses.Any(address => BindingAddress.Parse(address).Port == options.Port))
            {
                throw new InvalidOperationException($"Metrics:Port {options.Port} is also a port of the API; give the metrics a port of their own.");
            }

            if (addresses.Count == 0)
            {
                addresses.Add(KestrelDefault);
            }

            addresses.Add($"http://{options.Host}:{options.Port}");
        }

        return next;
    }
}
