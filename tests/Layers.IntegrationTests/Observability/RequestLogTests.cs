using System.Net;
using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Layers.IntegrationTests.Observability;

/// <summary>The request log line and the request's trace: joined by the trace id, with no exporter configured.</summary>
public sealed class RequestLogTests(LayersFixture fixture)
{
    [Fact]
    public async Task The_request_log_line_carries_the_trace_id_the_caller_sent()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var logs = new CapturedLogs();
        await using var host = fixture.AnotherHost(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await tenant.CreateKeyAsync());
        var traceId = $"{Guid.NewGuid():N}";
        var parentSpanId = $"{Guid.NewGuid():N}"[..16];
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ApiRequests.InfluencerPath(influencer.Id), UriKind.Relative));
        request.Headers.Add("traceparent", $"00-{traceId}-{parentSpanId}-01");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requestId = Assert.Single(response.Headers.GetValues("X-Request-Id"));

        // The line is written once the response is done, which can be a moment after the client has it.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (logs.Count("Layers.Api.Middleware.RequestLoggingMiddleware", requestId, " 200 in ") == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, logs.Count("Layers.Api.Middleware.RequestLoggingMiddleware", requestId, " 200 in "));
        Assert.Equal(1, logs.Count("Layers.Api.Middleware.RequestLoggingMiddleware", requestId, $" trace {traceId}"));
    }

    /// <summary>
    /// The exception handler clears a failed request's endpoint before it answers; the line still
    /// names the route that was matched, with the status of the error answered.
    /// </summary>
    [Fact]
    public async Task The_request_log_line_of_an_error_names_its_route_and_the_status_answered()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var logs = new CapturedLogs();
        await using var host = fixture.AnotherHost(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await tenant.CreateKeyAsync());

        using var response = await client.GetAsync(new Uri($"/v1/influencers/inf_{Guid.NewGuid()}", UriKind.Relative), TestContext.Current.CancellationToken);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND", "Influencer not found.");
        var requestId = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (logs.Count("Layers.Api.Middleware.RequestLoggingMiddleware", requestId, " in ") == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, logs.Count("Layers.Api.Middleware.RequestLoggingMiddleware", requestId, " GET v1/influencers/{influencerId} 404 in "));
    }
}
