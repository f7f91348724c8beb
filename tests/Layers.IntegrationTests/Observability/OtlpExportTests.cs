using System.Diagnostics;
using System.Net;
using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;

namespace Layers.IntegrationTests.Observability;

/// <summary>With an OTLP endpoint configured, traces and metrics are pushed to it.</summary>
public sealed class OtlpExportTests(LayersFixture fixture)
{
    [Fact]
    public async Task A_requests_trace_and_the_metrics_reach_the_configured_otlp_endpoint()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        await using var collector = new OtlpCollector();
        await collector.StartAsync();

        // The SDK's own settings, read from configuration as from the environment; short delays so
        // that exports come within the test rather than after the default 5 s and 60 s.
        await using var host = fixture.AnotherHost(builder => builder
            .UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", collector.Address.ToString())
            .UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .UseSetting("OTEL_BSP_SCHEDULE_DELAY", "100")
            .UseSetting("OTEL_METRIC_EXPORT_INTERVAL", "200"));
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await tenant.CreateKeyAsync());
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ApiRequests.InfluencerPath(influencer.Id), UriKind.Relative));
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var traceIdBytes = new byte[16];
        traceId.CopyTo(traceIdBytes);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(collector.Received("traces", traceIdBytes) && collector.Received("metrics", "http.server.request.duration"u8))
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        // The request's span and the database's spans under it carry the caller's trace id.
        Assert.True(collector.Received("traces", traceIdBytes), "no exported trace holds the request's trace id");
        Assert.True(collector.Received("traces", "Npgsql"u8), "the database spans were not exported");
        Assert.True(collector.Received("metrics", "http.server.request.duration"u8), "the request metrics were not exported");
    }
}
