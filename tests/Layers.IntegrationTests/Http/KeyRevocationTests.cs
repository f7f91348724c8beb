using System.Diagnostics;
using System.Net;
using Layers.Application.ApiKeys;
using Layers.Infrastructure.Persistence.ApiKeys;
using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Layers.IntegrationTests.Http;

/// <summary>
/// Keys are cached per instance; a revocation must still stop a key at once everywhere. A second
/// host on the same database plays the other instance.
/// </summary>
public sealed class KeyRevocationTests(LayersFixture fixture) : IDisposable
{
    private readonly TestMeters meters = new();

    [Fact]
    public async Task A_key_revoked_on_one_instance_is_refused_by_another_that_had_cached_it()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var token = await tenant.CreateKeyAsync();
        await using var other = fixture.AnotherHost();
        using var otherClient = other.CreateClient();
        otherClient.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var otherCache = other.Services.GetRequiredService<ApiKeyCache>();
        await WaitUntilTrustedAsync(otherCache);
        Assert.True(ApiKeyToken.TryParse(token, out var keyId, out _));

        // A read that raced with any eviction (a key that a test alongside created) is not cached,
        // so the other instance is warmed until it holds the key.
        var warming = Stopwatch.StartNew();
        do
        {
            using var warm = await otherClient.GetAsync(HttpExtensions.InfluencerUri(influencer.Id), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }
        while (!otherCache.TryGet(keyId!, out _) && warming.Elapsed < TimeSpan.FromSeconds(5));

        Assert.True(otherCache.TryGet(keyId!, out _), "the other instance should have cached the key");

        await fixture.Services.GetRequiredService<IApiKeyRepository>().RevokeAsync(keyId!, DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);

        var refusedAfter = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            using var response = await otherClient.GetAsync(HttpExtensions.InfluencerUri(influencer.Id), TestContext.Current.CancellationToken);
            status = response.StatusCode;
        }
        while (status == HttpStatusCode.OK && refusedAfter.Elapsed < TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(refusedAfter.Elapsed < TimeSpan.FromSeconds(1), $"refused only after {refusedAfter.Elapsed}");
    }

    [Fact]
    public async Task A_key_revoked_on_this_instance_is_refused_by_the_very_next_request()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var token = await tenant.CreateKeyAsync();
        using var client = fixture.CreateClient(token);
        await WaitUntilTrustedAsync(fixture.Services.GetRequiredService<ApiKeyCache>());
        using var before = await client.GetAsync(HttpExtensions.InfluencerUri(influencer.Id), TestContext.Current.CancellationToken);
        Assert.True(ApiKeyToken.TryParse(token, out var keyId, out _));

        await fixture.Services.GetRequiredService<IApiKeyRepository>().RevokeAsync(keyId!, DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
        using var after = await client.GetAsync(HttpExtensions.InfluencerUri(influencer.Id), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public void An_untrusted_cache_keeps_nothing()
    {
        var cache = new ApiKeyCache(TimeProvider.System, meters.KeyCache());
        var key = new StoredApiKey("abcdefghijklmnop", Layers.Domain.Organizations.OrgId.New(), "k", ["influencers:read"], new byte[32], DateTimeOffset.UtcNow, null);

        cache.Store(key.KeyId, key, cache.Generation);

        Assert.False(cache.TryGet(key.KeyId, out _));
    }

    [Fact]
    public void A_read_that_raced_with_an_eviction_is_not_stored()
    {
        var cache = new ApiKeyCache(TimeProvider.System, meters.KeyCache());
        cache.Trust();
        var key = new StoredApiKey("abcdefghijklmnop", Layers.Domain.Organizations.OrgId.New(), "k", ["influencers:read"], new byte[32], DateTimeOffset.UtcNow, null);
        var readAt = cache.Generation;

        cache.Evict(key.KeyId);
        cache.Store(key.KeyId, key, readAt);

        Assert.False(cache.TryGet(key.KeyId, out _));
    }

    [Fact]
    public void Losing_the_listener_empties_the_cache()
    {
        var cache = new ApiKeyCache(TimeProvider.System, meters.KeyCache());
        cache.Trust();
        var key = new StoredApiKey("abcdefghijklmnop", Layers.Domain.Organizations.OrgId.New(), "k", ["influencers:read"], new byte[32], DateTimeOffset.UtcNow, null);
        cache.Store(key.KeyId, key, cache.Generation);
        Assert.True(cache.TryGet(key.KeyId, out _));

        cache.Distrust();
        cache.Trust();

        Assert.False(cache.TryGet(key.KeyId, out _));
    }

    private static async Task WaitUntilTrustedAsync(ApiKeyCache cache)
    {
        var waited = Stopwatch.StartNew();
        while (!cache.IsTrusted && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.True(cache.IsTrusted, "the revocation listener did not start");
    }

    public void Dispose() => meters.Dispose();
}
