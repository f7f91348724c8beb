using Layers.IntegrationTests.Load;
using Layers.IntegrationTests.Support;
using Npgsql;
using Testcontainers.Redis;

namespace Layers.IntegrationTests.Http;

/// <summary>
/// A Redis container and two API processes that share their rate limits through it, on the test
/// database. Redis is published on a fixed host port, so that it can be stopped and started
/// again at the address the instances know.
/// </summary>
public sealed class TwoInstancesOverRedis(LayersFixture layers) : IAsyncLifetime
{
    /// <summary>An official image by default; machines without Docker point this at a local build.</summary>
    public const string ImageVariable = "LAYERS_TEST_REDIS_IMAGE";

    public const int PerKeyPermitsPerSecond = 10;

    private const int RedisPort = 6379;

    private readonly RedisContainer redis = new RedisBuilder(
            Environment.GetEnvironmentVariable(ImageVariable) is { Length: > 0 } image ? image : "redis:7")
        .WithLabel("layers.test-run", Environment.GetEnvironmentVariable(LayersFixture.TestRunVariable) is { Length: > 0 } run ? run : "none")
        .WithPortBinding(ApiProcess.FreeLoopbackPort(), RedisPort)
        .Build();

    private ApiProcess[] instances = [];

    public RedisContainer Redis => redis;

    public IReadOnlyList<ApiProcess> Instances => instances;

    public async ValueTask InitializeAsync()
    {
        await redis.StartAsync();
        var applicationName = $"shared-limits-{Guid.NewGuid():N}";
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Layers"] = new NpgsqlConnectionStringBuilder(layers.ConnectionString) { ApplicationName = applicationName }.ConnectionString,
            ["ConnectionStrings__Redis"] = $"127.0.0.1:{redis.GetMappedPublicPort(RedisPort)}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__MinPoolSize"] = "2",
            ["RateLimiting__PerKeyPermitsPerSecond"] = $"{PerKeyPermitsPerSecond}",

            // The database's speed on a busy machine is not under test: no 503 for a slow key lookup.
            ["Requests__DatabaseDeadline"] = "00:00:30",

            // Eight clients flat out on a busy machine can hold an answer of Redis past the default
            // wait (RedisFaultTests test it), which would start an outage these tests do not expect.
            ["RateLimiting__RedisSlowAnswer"] = "00:00:00.250",

            // Every client of the tests is 127.0.0.1: only the key's limit is under test.
            ["RateLimiting__PerIpPermitsPerSecond"] = "100000",

            // Warnings only (a line per request would drown them), yet the return of Redis too.
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Layers.Api.RateLimiting.SharedLimitsOutage"] = "Information",
        };
        var starting = new[] { ApiProcess.StartAsync(environment, CancellationToken.None), ApiProcess.StartAsync(environment, CancellationToken.None) };
        try
        {
            instances = await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(start => start.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in instances)
        {
            await instance.DisposeAsync();
        }

        await redis.DisposeAsync();
    }
}
