using Layers.Application;
using Layers.Application.Common.Security;
using Layers.Infrastructure;
using Layers.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Testcontainers.PostgreSql;

[assembly: AssemblyFixture(typeof(Layers.IntegrationTests.Support.LayersFixture))]

// Most tests wait on PostgreSQL or on a socket rather than on a CPU, so twice as many run at once
// as xunit's default of one per core.
[assembly: Xunit.v3.Parallelization(MaxThreads = 4)]

namespace Layers.IntegrationTests.Support;

/// <summary>
/// One PostgreSQL container and one in-process API for the whole test run, migrated once. Tests
/// stay independent by each creating its own org (see <see cref="Tenant"/>), so they can run in
/// parallel against the same database.
/// </summary>
public sealed class LayersFixture : IAsyncLifetime
{
    /// <summary>An official image by default; machines without Docker point this at a local build.</summary>
    public const string ImageVariable = "LAYERS_TEST_POSTGRES_IMAGE";

    /// <summary>Set by ./build.sh test: its cleanup removes the containers labelled with it, and only those.</summary>
    public const string TestRunVariable = "LAYERS_TEST_RUN";

    private readonly PostgreSqlContainer container = new PostgreSqlBuilder(
            Environment.GetEnvironmentVariable(ImageVariable) is { Length: > 0 } image ? image : "postgres:15")
        .WithLabel("layers.test-run", Environment.GetEnvironmentVariable(TestRunVariable) is { Length: > 0 } run ? run : "none")

        // Several API instances share this database (the shared hosts, per-test hosts, the soak's
        // process), each with a pool of up to 50: PostgreSQL's default of 100 connections ran out
        // on a loaded machine, where requests hold their connections longer, and answers were 503.
        .WithCommand("-c", "max_connections=400")
        .Build();

    /// <summary>
    /// Test hosts stop without the drain delay: nothing polls their readiness, and each host's
    /// disposal would otherwise wait it out. The graceful-stop tests set their own.
    /// </summary>
    public static readonly KeyValuePair<string, string> NoDrainDelay = new("Shutdown:DrainDelay", "00:00:00");

    private WebApplicationFactory<Program>? factory;
    private ServiceProvider? useCases;

    public string ConnectionString => container.GetConnectionString();

    public PostgreSqlContainer Container => container;

    public WebApplicationFactory<Program> Factory => factory ?? throw new InvalidOperationException("The fixture is not initialised.");

    public IServiceProvider Services => Factory.Services;

    /// <summary>
    /// The use cases as a caller outside HTTP sends them (the operator CLI's composition): test
    /// support creates its data through these, acting for an org with <see cref="AmbientCaller"/>.
    /// </summary>
    public IServiceProvider UseCases => useCases ?? throw new InvalidOperationException("The fixture is not initialised.");

    public NpgsqlDataSource DataSource => Services.GetRequiredService<NpgsqlDataSource>();

    public async ValueTask InitializeAsync()
    {
        ExecutedStatements.Start();
        await container.StartAsync();
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Layers", ConnectionString);
            builder.UseEnvironment("Testing");

            // Tests share one host and, in-process, one client address; limits have their own tests.
            builder.UseSetting("RateLimiting:Enabled", "false");
            builder.UseSetting(NoDrainDelay.Key, NoDrainDelay.Value);
        });
        await WaitUntilReachableAsync();
        await Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        useCases = new ServiceCollection()
            .AddLogging()
            .AddApplication()
            .AddInfrastructure(ConnectionString, new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:MinPoolSize"] = "0", ["Database:MaxPoolSize"] = "10" }).Build())
            .AddSingleton<ICurrentCaller, AmbientCaller>()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        using var client = Factory.CreateClient();
        await WaitUntilReadyAsync(client);
    }

    /// <summary>
    /// Polls <c>/readyz</c> until the host reports ready (its pool's connections are open), so
    /// that no test meets a host still warming up.
    /// </summary>
    public static async Task WaitUntilReadyAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
            if (response.IsSuccessStatusCode || DateTime.UtcNow > deadline)
            {
                Assert.True(response.IsSuccessStatusCode, $"the host was not ready within 30 s: {(int)response.StatusCode}");
                return;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// The container reports ready once pg_isready passes inside it; the published port can lag
    /// behind that for a moment, so the first connection is retried briefly.
    /// </summary>
    private async Task WaitUntilReachableAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (useCases is not null)
        {
            await useCases.DisposeAsync();
        }

        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        await container.DisposeAsync();
    }

    /// <summary>
    /// Another API instance on the test database, for a test that needs settings of its own: a
    /// small pool (every instance opens its minimum at start-up, and all share the database's
    /// connections) and no rate limits, unless <paramref name="configure"/> says otherwise.
    /// </summary>
    public WebApplicationFactory<Program> AnotherHost(Action<IWebHostBuilder>? configure = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Layers", ConnectionString);
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:MinPoolSize", "2");
            builder.UseSetting("RateLimiting:Enabled", "false");
            builder.UseSetting(NoDrainDelay.Key, NoDrainDelay.Value);
            configure?.Invoke(builder);
        });

    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = Factory.CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        }

        return client;
    }
}
