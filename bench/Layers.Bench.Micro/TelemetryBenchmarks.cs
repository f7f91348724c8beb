using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Layers.Infrastructure.Persistence.ApiKeys;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Layers.Bench.Micro;

/// <summary>
/// What turning metrics on (<c>Metrics:Port</c>) adds to one PATCH: the instrument updates that a
/// PATCH makes, recorded through a MeterProvider with the Prometheus exporter as the API builds
/// it, against the same updates with nothing listening (metrics off). The updates are ASP.NET
/// Core's request duration and active requests, the driver's per-statement instruments for the
/// PATCH's two statements, and the key cache's hit. The framework's and the driver's instruments
/// are internal to them, so these stand-ins carry their names and attributes.
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    private static readonly object Status200 = 200;
    private static readonly object Port5432 = 5432;

    private ServiceProvider? services;
    private MeterProvider? meterProvider;
    private ApiKeyCacheMetrics? keyCache;
    private Histogram<double>? requestDuration;
    private UpDownCounter<long>? activeRequests;
    private Histogram<double>? operationDuration;
    private UpDownCounter<int>? executing;
    private Counter<long>? bytesWritten;
    private Counter<long>? bytesRead;

    [Params(false, true)]
    public bool MetricsOn { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var hosting = meters.Create("Microsoft.AspNetCore.Hosting");
        requestDuration = hosting.CreateHistogram<double>("http.server.request.duration", "s");
        activeRequests = hosting.CreateUpDownCounter<long>("http.server.active_requests", "{request}");
        var npgsql = meters.Create("Npgsql");
        operationDuration = npgsql.CreateHistogram<double>("db.client.operation.duration", "s");
        executing = npgsql.CreateUpDownCounter<int>("db.client.operation.npgsql.executing", "{command}");
        bytesWritten = npgsql.CreateCounter<long>("db.client.operation.npgsql.bytes_written", "By");
        bytesRead = npgsql.CreateCounter<long>("db.client.operation.npgsql.bytes_read", "By");
        keyCache = new ApiKeyCacheMetrics(meters);
        if (MetricsOn)
        {
            meterProvider = Sdk.CreateMeterProviderBuilder()
                .AddMeter("Microsoft.AspNetCore.Hosting", "Npgsql", ApiKeyCacheMetrics.MeterName)
                .AddPrometheusExporter()
                .Build();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        meterProvider?.Dispose();
        services?.Dispose();
    }

    /// <summary>One PATCH's instrument updates: the request around two statements and a key found in memory.</summary>
    [Benchmark]
    public void RecordPatch()
    {
        var request = new TagList { { "http.request.method", "PATCH" }, { "url.scheme", "http" } };
        activeRequests!.Add(1, request);
        keyCache!.Hit();
        var statement = new TagList
        {
            { "db.client.connection.pool.name", "layers" },
            { "db.system.name", "postgresql" },
            { "server.address", "127.0.0.1" },
            { "server.port", Port5432 },
        };
        for (var i = 0; i < 2; i++)
        {
            executing!.Add(1, statement);
            bytesWritten!.Add(180, statement);
            bytesRead!.Add(420, statement);
            operationDuration!.Record(0.0004, statement);
            executing.Add(-1, statement);
        }

        activeRequests.Add(-1, request);
        requestDuration!.Record(0.002, new TagList
        {
            { "http.request.method", "PATCH" },
            { "url.scheme", "http" },
            { "network.protocol.version", "1.1" },
            { "http.route", "v1/influencers/{influencerId}" },
            { "http.response.status_code", Status200 },
        });
    }
}
