using Layers.IntegrationTests.Load;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Observability;

/// <summary>
/// The built API in a process of its own, as deployed: its metrics port (<c>Metrics__Port</c>)
/// beside the address it is given with <c>--urls</c>, OTLP pushed to a stand-in collector, and
/// small per-key limits. A process of its own because meters are per process: in-process hosts
/// of other tests record to meters of the same names, and one disposed ends the series that a
/// MeterProvider in the same process had merged with it.
/// </summary>
public sealed class ObservedApi(LayersFixture fixture) : IAsyncLifetime
{
    /// <summary>Per key and second, bursts up to twice that: small enough that a burst of a few dozen requests meets the limit.</summary>
    public const int PerKeyPermitsPerSecond = 5;

    private ApiProcess? api;

    public OtlpCollector Collector { get; } = new();

    public Uri ApiAddress => (api ?? throw new InvalidOperationException("The API process is not started.")).BaseAddress;

    public Uri MetricsAddress { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Collector.StartAsync();
        var metricsPort = ApiProcess.FreeLoopbackPort();
        MetricsAddress = new Uri($"http://127.0.0.1:{metricsPort}");
        api = await ApiProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["ConnectionStrings__Layers"] = fixture.ConnectionString,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Database__MinPoolSize"] = "2",
                ["Metrics__Port"] = $"{metricsPort}",
                ["Metrics__Host"] = "127.0.0.1",
                ["RateLimiting__PerKeyPermitsPerSecond"] = $"{PerKeyPermitsPerSecond}",

                // A loaded machine can hold a fresh process's first requests past the default 3 s;
                // these tests are about what is recorded, not about the deadline.
                ["Requests__DatabaseDeadline"] = "00:00:30",

                // The SDK's own settings; short delays so that exports come within a test rather
                // than after the default 5 s (traces) and 60 s (metrics).
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"{Collector.Address}",
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            },
            CancellationToken.None);
    }

    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = ApiAddress };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        }

        return client;
    }

    public HttpClient CreateMetricsClient() => new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = MetricsAddress };

    public async ValueTask DisposeAsync()
    {
        if (api is not null)
        {
            await api.DisposeAsync();
        }

        await Collector.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class Observed : ICollectionFixture<ObservedApi>
{
    public const string Name = "API with metrics port and OTLP";
}
