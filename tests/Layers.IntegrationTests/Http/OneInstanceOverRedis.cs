using System.Globalization;
using Layers.IntegrationTests.Load;
using Layers.IntegrationTests.Support;
using Npgsql;
using StackExchange.Redis;
using Testcontainers.Redis;

namespace Layers.IntegrationTests.Http;

/// <summary>
/// A Redis container of its own, reached by the API through a <see cref="DelayingProxy"/> that can
/// make it slow, and an API process over it (its metrics port on) on the test database. The test
/// reaches Redis directly, to make it refuse writes or to count the commands it ran.
/// </summary>
public sealed class OneInstanceOverRedis(LayersFixture layers) : IAsyncLifetime
{
    public const string OutageCategory = "Layers.Api.RateLimiting.SharedLimitsOutage";

    private const int RedisPort = 6379;

    private readonly RedisContainer redis = new RedisBuilder(
            Environment.GetEnvironmentVariable(TwoInstancesOverRedis.ImageVariable) is { Length: > 0 } image ? image : "redis:7")
        .WithLabel("layers.test-run", Environment.GetEnvironmentVariable(LayersFixture.TestRunVariable) is { Length: > 0 } run ? run : "none")
        .Build();

    private DelayingProxy? proxy;
    private ConnectionMultiplexer? admin;
    private ApiProcess? instance;

    public DelayingProxy Proxy => proxy ?? throw new InvalidOperationException("Not started.");

    public ApiProcess Instance => instance ?? throw new InvalidOperationException("Not started.");

    public Uri MetricsAddress { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await redis.StartAsync();
        var port = redis.GetMappedPublicPort(RedisPort);
        proxy = DelayingProxy.Start(port);
        admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},allowAdmin=true");
        var metricsPort = ApiProcess.FreeLoopbackPort();
        MetricsAddress = new Uri($"http://127.0.0.1:{metricsPort}");
        instance = await StartInstanceAsync(new Dictionary<string, string>
        {
            ["Metrics__Port"] = $"{metricsPort}",
            ["Metrics__Host"] = "127.0.0.1",
        });
    }

    /// <summary>An API process over the proxy, with <paramref name="settings"/> beside the usual ones; the caller disposes it.</summary>
    public Task<ApiProcess> StartInstanceAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Layers"] = new NpgsqlConnectionStringBuilder(layers.ConnectionString) { ApplicationName = $"redis-faults-{Guid.NewGuid():N}" }.ConnectionString,
            ["ConnectionStrings__Redis"] = $"127.0.0.1:{Proxy.Port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__MinPoolSize"] = "2",

            // The database's speed on a busy machine is not under test: no 503 for a slow key lookup.
            ["Requests__DatabaseDeadline"] = "00:00:30",

            // Limits are on, and charged in Redis, but no test here is meant to meet them.
            ["RateLimiting__PerKeyPermitsPerSecond"] = "100000",
            ["RateLimiting__PerIpPermitsPerSecond"] = "100000",
            ["RateLimiting__AnonymousPermitsPerSecond"] = "100000",

            // Warnings only (a line per request would drown them), yet the end of an outage too.
            ["Logging__LogLevel__Default"] = "Warning",
            [$"Logging__LogLevel__{OutageCategory}"] = "Information",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return ApiProcess.StartAsync(environment, CancellationToken.None);
    }

    /// <summary>
    /// Redis out of memory (as a read-only replica after a failover, it refuses every write and
    /// still answers a ping), or back to normal.
    /// </summary>
    public async Task RefuseWritesAsync(bool refuse)
    {
        var server = Admin.GetServers()[0];
        await server.ConfigSetAsync("maxmemory-policy", "noeviction");
        await server.ConfigSetAsync("maxmemory", refuse ? "1" : "0");
    }

    /// <summary>
    /// The commands clients sent Redis, apart from this fixture's own (which read and set its
    /// configuration): a bucket's script counts once, not with the reads and writes it runs inside.
    /// </summary>
    public async Task<long> CommandsAsync()
    {
        string[] notSentByClients = ["cmdstat_info:", "cmdstat_config|", "cmdstat_mget:", "cmdstat_set:"];
        var info = await Admin.GetServers()[0].InfoRawAsync("commandstats") ?? string.Empty;
        return info.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith("cmdstat_", StringComparison.Ordinal)
                           && !notSentByClients.Any(command => line.StartsWith(command, StringComparison.Ordinal)))
            .Sum(line => long.Parse(line.Split("calls=")[1].Split(',')[0], CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        if (instance is not null)
        {
            await instance.DisposeAsync();
        }

        if (proxy is not null)
        {
            await proxy.DisposeAsync();
        }

        if (admin is not null)
        {
            await admin.DisposeAsync();
        }

        await redis.DisposeAsync();
    }

    private ConnectionMultiplexer Admin => admin ?? throw new InvalidOperationException("Not started.");
}
