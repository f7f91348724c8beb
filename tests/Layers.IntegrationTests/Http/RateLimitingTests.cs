using System.Net;
using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Layers.IntegrationTests.Http;

/// <summary>A host of its own with tiny limits: the shared host runs without limits.</summary>
public sealed class RateLimitingTests(LayersFixture fixture)
{
    private WebApplicationFactory<Program> LimitedHost(string? redis = null) =>
        fixture.AnotherHost(builder =>
        {
            builder.UseSetting("RateLimiting:Enabled", "true");
            builder.UseSetting("RateLimiting:PerKeyPermitsPerSecond", "2");
            builder.UseSetting("RateLimiting:PerIpPermitsPerSecond", "1000");
            builder.UseSetting("RateLimiting:AnonymousPermitsPerSecond", "2");
            if (redis is not null)
            {
                builder.UseSetting("ConnectionStrings:Redis", redis);
            }
        });

    [Fact]
    public async Task A_key_over_its_limit_gets_429_with_retry_after_while_another_key_is_served()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var busyKey = await tenant.CreateKeyAsync();
        var quietKey = await tenant.CreateKeyAsync();
        await using var host = LimitedHost();
        using var busy = host.CreateClient();
        busy.DefaultRequestHeaders.Authorization = new("Bearer", busyKey);
        using var quiet = host.CreateClient();
        quiet.DefaultRequestHeaders.Authorization = new("Bearer", quietKey);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await busy.GetAsync(HttpExtensions.InfluencerUri(influencer.Id), TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        using var other = await quiet.GetAsync(HttpExtensions.InfluencerUri(influencer.Id), TestContext.Current.CancellationToken);

        Assert.NotNull(limited);
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Equal("RATE_LIMITED", await limited.ErrorCodeAsync());
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        limited.Dispose();
    }

    [Fact]
    public async Task With_Redis_unreachable_from_the_start_an_instance_serves_under_its_own_limits_and_reports_itself_degraded()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var key = await tenant.CreateKeyAsync();

        // Nothing listens on port 1.
        await using var host = LimitedHost(redis: "127.0.0.1:1");
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync(HttpExtensions.InfluencerUri(influencer.Id), TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }

        using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);

        // The instance's own bucket: a burst of twice the rate, then 429 (a refill may land in between).
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 4), statuses.Take(4));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"{status}"));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("""{"status":"degraded","redis":"unreachable"}""", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Requests_without_a_key_are_limited_per_client_address()
    {
        await using var host = LimitedHost();
        using var client = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync(HttpExtensions.InfluencerUri($"inf_{Guid.NewGuid()}"), TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses, status => Assert.True(status is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Health_probes_are_not_limited()
    {
        await using var host = LimitedHost();
        using var client = host.CreateClient();

        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
