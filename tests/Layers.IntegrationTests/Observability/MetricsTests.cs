using System.Net;
using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Layers.IntegrationTests.Observability;

/// <summary>
/// The Prometheus scrape on the metrics port after a few requests. The API process serves other
/// tests of its collection too, so counts are checked as at least what this test sent.
/// </summary>
[Collection(Observed.Name)]
public sealed class MetricsTests(LayersFixture fixture, ObservedApi api)
{
    private const string RequestDuration = "http_server_request_duration_seconds";
    private const string InfluencerRoute = "v1/influencers/{influencerId}";
    private static readonly TimeSpan ScrapePatience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task After_a_few_requests_the_scrape_shows_them_by_route_and_status_with_database_pool_rate_limit_and_key_cache_series()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var busyKey = await tenant.CreateKeyAsync();
        using var client = api.CreateClient(await tenant.CreateKeyAsync());
        using var busy = api.CreateClient(busyKey);
        var statuses = new List<HttpStatusCode>();
        foreach (var send in new Func<Task<HttpResponseMessage>>[]
        {
            () => client.GetInfluencerAsync(influencer.Id),
            () => client.PatchInfluencerAsync(influencer.Id, """{"name":"Mia Park"}"""),
            () => client.GetInfluencerAsync(influencer.Id),
            () => client.PatchInfluencerAsync(influencer.Id, """{"brandVoice":"witty"}"""),
            () => client.GetInfluencerAsync($"inf_{Guid.Empty}"),
        })
        {
            using var response = await send();
            statuses.Add(response.StatusCode);
        }

        // Forty at once against a budget of 5 per second (burst 10): they would have to spread
        // over six seconds for none to be turned away.
        var flood = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            using var response = await busy.GetInfluencerAsync(influencer.Id);
            return response.StatusCode;
        }));
        var limited = flood.Count(status => status == HttpStatusCode.TooManyRequests);

        // The busy key is cached now; revoking it evicts it on every instance, this one included.
        await tenant.RevokeKeyAsync(busyKey);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound], statuses);
        Assert.InRange(limited, 1, 40);
        Assert.All(flood, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"{status}"));
        var scrape = await ScrapeUntilAsync(scrape => scrape.Sum("layers_api_key_cache_evictions_total", ("layers_api_key_cache_reason", "key_changed")) >= 1
                                                      && Count(scrape, "GET", "429") >= limited);

        Assert.True(Count(scrape, "PATCH", "200") >= 2);
        Assert.True(Count(scrape, "GET", "200") >= 2 + flood.Length - limited);
        Assert.True(Count(scrape, "GET", "404") >= 1);

        // A histogram: buckets up to +Inf holding every request, and a plausible total time.
        var patches = scrape.Of($"{RequestDuration}_bucket", ("http_request_method", "PATCH"), ("http_response_status_code", "200"), ("http_route", InfluencerRoute)).ToList();
        Assert.True(patches.Count > 2, "the PATCH series has buckets");
        Assert.Equal(Count(scrape, "PATCH", "200"), patches.Single(bucket => bucket.Labels["le"] == "+Inf").Value);
        Assert.InRange(scrape.Sum($"{RequestDuration}_sum", ("http_request_method", "PATCH"), ("http_route", InfluencerRoute)), 1e-6, 60 * Count(scrape, "PATCH", "200"));

        // The database: every request that found its influencer ran a statement or two.
        Assert.True(scrape.Sum("db_client_operation_duration_seconds_count", ("db_system_name", "postgresql")) >= 7);
        Assert.True(scrape.Sum("db_client_connection_max") >= 1);
        Assert.NotEmpty(scrape.Of("db_client_connection_count", ("db_client_connection_state", "idle")));
        Assert.NotEmpty(scrape.Of("db_client_connection_count", ("db_client_connection_state", "used")));

        Assert.True(scrape.Sum("layers_rate_limiting_rejections_total", ("layers_rate_limiting_budget", "api_key")) >= limited);
        // Every request with a key looked it up (the turned-away ones too: the key's budget is
        // judged once the key is known); a key's first lookup reads the database.
        Assert.True(scrape.Sum("layers_api_key_cache_hits_total") + scrape.Sum("layers_api_key_cache_misses_total") >= statuses.Count + flood.Length);
        Assert.True(scrape.Sum("layers_api_key_cache_misses_total") >= 2);
    }

    [Fact]
    public async Task The_scrape_is_served_on_the_metrics_port_alone_and_the_metrics_port_serves_nothing_else()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = api.CreateClient(await tenant.CreateKeyAsync());
        using var anonymous = api.CreateClient();
        using var metrics = api.CreateMetricsClient();

        using var publicScrape = await client.GetAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
        using var anonymousScrape = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
        using var api404 = await metrics.GetAsync(new Uri($"/v1/influencers/inf_{Guid.Empty}", UriKind.Relative), TestContext.Current.CancellationToken);
        using var scrape = await metrics.GetAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, publicScrape.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousScrape.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, api404.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_metrics_port_that_is_also_a_port_of_the_API_is_refused_at_start()
    {
        var port = api.MetricsAddress.Port;
        await using var host = fixture.AnotherHost(builder => builder.UseSetting("Metrics:Port", $"{port}").UseUrls($"http://127.0.0.1:{port}"));
        host.UseKestrel();

        var refused = Assert.Throws<InvalidOperationException>(host.StartServer);

        Assert.Contains($"Metrics:Port {port} is also a port of the API", refused.Message, StringComparison.Ordinal);
    }

    private static double Count(PrometheusScrape scrape, string method, string status) =>
        scrape.Sum($"{RequestDuration}_count", ("http_request_method", method), ("http_response_status_code", status), ("http_route", InfluencerRoute));

    /// <summary>
    /// Scrapes until <paramref name="ready"/> holds: the hosting layer records a request once its
    /// response has gone, and a key's eviction arrives by NOTIFY, both a moment after the client
    /// has its answer.
    /// </summary>
    private async Task<PrometheusScrape> ScrapeUntilAsync(Func<PrometheusScrape, bool> ready)
    {
        using var metrics = api.CreateMetricsClient();
        var deadline = DateTime.UtcNow + ScrapePatience;
        while (true)
        {
            var scrape = PrometheusScrape.Parse(await metrics.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken));
            if (ready(scrape) || DateTime.UtcNow > deadline)
            {
                return scrape;
            }

            // Longer than the exporter keeps a scrape's answer (300 ms).
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }
}
