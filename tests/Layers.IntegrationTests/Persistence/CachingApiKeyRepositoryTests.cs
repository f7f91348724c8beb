using Layers.Application.ApiKeys;
using Layers.Infrastructure.Persistence;
using Layers.Infrastructure.Persistence.ApiKeys;
using Layers.IntegrationTests.Support;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Layers.IntegrationTests.Persistence;

/// <summary>What the key cache counts as a hit (memory answered) and a miss (the database did).</summary>
public sealed class CachingApiKeyRepositoryTests(LayersFixture fixture) : IDisposable
{
    private readonly TestMeters meters = new();

    [Fact]
    public async Task A_lookup_that_reads_the_database_is_a_miss_and_one_that_memory_answers_a_hit()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        Assert.True(ApiKeyToken.TryParse(await tenant.CreateKeyAsync(), out var keyId, out _));
        using var hits = meters.Collect(ApiKeyCacheMetrics.MeterName, "layers.api_key_cache.hits");
        using var misses = meters.Collect(ApiKeyCacheMetrics.MeterName, "layers.api_key_cache.misses");
        var metrics = meters.KeyCache();
        var cache = new ApiKeyCache(TimeProvider.System, metrics);
        cache.Trust();
        var keys = new CachingApiKeyRepository(new ApiKeyRepository(new DbSession(fixture.DataSource)), cache, metrics);

        // Asking memory alone and being told no is not yet a lookup: the caller may not go on to the database.
        Assert.False(keys.TryFindInMemory(keyId, out _));
        Assert.NotNull(await keys.FindAsync(keyId, TestContext.Current.CancellationToken));
        Assert.NotNull(await keys.FindAsync(keyId, TestContext.Current.CancellationToken));
        Assert.True(keys.TryFindInMemory(keyId, out _));

        Assert.Equal(2, hits.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, misses.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    public void Dispose() => meters.Dispose();
}
