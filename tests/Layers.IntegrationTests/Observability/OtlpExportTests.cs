using System.Diagnostics;
using System.Net;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Observability;

/// <summary>With an OTLP endpoint configured, traces and metrics are pushed to it.</summary>
[Collection(Observed.Name)]
public sealed class OtlpExportTests(LayersFixture fixture, ObservedApi api)
{
    [Fact]
    public async Task A_requests_trace_and_the_metrics_reach_the_configured_otlp_endpoint()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = api.CreateClient(await tenant.CreateKeyAsync());
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ApiRequests.InfluencerPath(influencer.Id), UriKind.Relative));
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var traceIdBytes = new byte[16];
        traceId.CopyTo(traceIdBytes);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(api.Collector.Received("traces", traceIdBytes) && api.Collector.Received("metrics", "http.server.request.duration"u8))
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        // The request's span and the database's spans under it carry the caller's trace id.
        Assert.True(api.Collector.Received("traces", traceIdBytes), "no exported trace holds the request's trace id");
        Assert.True(api.Collector.Received("traces", "Npgsql"u8), "the database spans were not exported");
        Assert.True(api.Collector.Received("metrics", "http.server.request.duration"u8), "the request metrics were not exported");
    }
}
