using System.Diagnostics.Metrics;
using Layers.Infrastructure.Persistence.ApiKeys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Layers.IntegrationTests.Support;

/// <summary>
/// A meter factory of one test's own: a <see cref="MetricCollector{T}"/> on it hears only what
/// that test's objects record, not the hosts that other tests run in the same process.
/// </summary>
public sealed class TestMeters : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public IMeterFactory Factory => services.GetRequiredService<IMeterFactory>();

    public ApiKeyCacheMetrics KeyCache() => new(Factory);

    public MetricCollector<long> Collect(string meterName, string instrumentName) => new(Factory, meterName, instrumentName);

    public void Dispose() => services.Dispose();
}
