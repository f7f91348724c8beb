using System.Net;
using System.Net.Sockets;
using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Layers.IntegrationTests.Observability;

/// <summary>
/// The API on a real Kestrel socket with its metrics port (<c>Metrics:Port</c>), small per-key
/// limits and its log lines captured, against the shared database.
/// </summary>
public sealed class ObservedApi(LayersFixture fixture) : IAsyncLifetime
{
    /// <summary>Per key and second, bursts up to twice that: small enough that a burst of a few dozen requests meets the limit.</summary>
    public const int PerKeyPermitsPerSecond = 5;

    private WebApplicationFactory<Program>? factory;

    public CapturedLogs Logs { get; } = new();

    /// <summary>The API's own address; the metrics port is another.</summary>
    public Uri ApiAddress { get; private set; } = null!;

    public Uri MetricsAddress { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var metricsPort = FreePort();
        factory = fixture.AnotherHost(builder => builder
            .UseSetting("Metrics:Port", $"{metricsPort}")
            .UseSetting("Metrics:Host", "127.0.0.1")
            .UseSetting("RateLimiting:Enabled", "true")
            .UseSetting("RateLimiting:PerKeyPermitsPerSecond", $"{PerKeyPermitsPerSecond}")
            .UseUrls("http://127.0.0.1:0")
            .ConfigureLogging(logging => logging.AddProvider(Logs)));
        factory.UseKestrel();
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        MetricsAddress = new Uri($"http://127.0.0.1:{metricsPort}");
        ApiAddress = new Uri(Assert.Single(addresses, address => new Uri(address).Port != metricsPort));
        using var client = CreateClient();
        await LayersFixture.WaitUntilReadyAsync(client);
    }

    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = ApiAddress };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
    }

    // Kestrel cannot report which of two ports chosen by the OS is which, so the metrics port is
    // picked here: one the OS just handed out, free again once the listener closes.
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
