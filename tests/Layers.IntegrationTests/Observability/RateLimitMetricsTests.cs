using System.Diagnostics.Metrics;
using System.Net;
using Layers.Api.Observability;
using Layers.Application.ApiKeys;
using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Layers.IntegrationTests.Observability;

/// <summary>
/// Each 429 is counted once, against the budget that turned the request away. A host of its own
/// per budget, whose meter factory the collector listens to alone.
/// </summary>
public sealed class RateLimitMetricsTests(LayersFixture fixture)
{
    [Theory]
    [InlineData("client_address")]
    [InlineData("api_key")]
    [InlineData("failed_authentication")]
    public async Task Every_429_is_counted_once_against_the_budget_it_exceeded(string budget)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        await using var host = fixture.AnotherHost(builder => builder
            .UseSetting("RateLimiting:Enabled", "true")
            .UseSetting("RateLimiting:PerIpPermitsPerSecond", budget == "client_address" ? "2" : "100000")
            .UseSetting("RateLimiting:PerKeyPermitsPerSecond", budget == "api_key" ? "2" : "100000")
            .UseSetting("RateLimiting:AnonymousPermitsPerSecond", budget == "failed_authentication" ? "2" : "100000"));
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", budget == "failed_authentication" ? ApiKeyToken.Generate().Token : await tenant.CreateKeyAsync());
        using var rejections = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), ApiMetrics.MeterName, "layers.rate_limiting.rejections");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await client.GetInfluencerAsync(influencer.Id);
            statuses.Add(response.StatusCode);
        }

        var limited = statuses.Count(status => status == HttpStatusCode.TooManyRequests);
        Assert.InRange(limited, 1, 20);
        Assert.Equal(limited, rejections.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.All(rejections.GetMeasurementSnapshot(), rejection => Assert.Equal(budget, rejection.Tags[ApiMetrics.BudgetAttribute]));
    }
}
