using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Layers.IntegrationTests.Http;

/// <summary>What the host does not do, at start-up or on each request, because the API has no use for it.</summary>
public sealed class StartupCostTests(LayersFixture fixture)
{
    [Fact]
    public void The_host_has_no_data_protection_whose_key_ring_it_would_load_before_serving()
    {
        Assert.Null(fixture.Services.GetService<IDataProtectionProvider>());
        Assert.DoesNotContain(
            fixture.Services.GetServices<IHostedService>(),
            service => service.GetType().Namespace?.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Mvc_runs_no_global_filter_on_actions_that_bind_nothing()
    {
        Assert.Empty(fixture.Services.GetRequiredService<IOptions<MvcOptions>>().Value.Filters);
    }
}
