using System.Globalization;
using Layers.Application.Common.Security;
using Layers.Infrastructure.Persistence;
using Layers.IntegrationTests.Support;
using Npgsql;

namespace Layers.IntegrationTests.Load;

/// <summary>
/// Runs alone, after the parallel tests: its figures then measure the API rather than the
/// neighbours, and its load does not slow the neighbours into timeouts.
/// </summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class RunsAlone;

/// <summary>
/// Concurrent clients mixing GET and PATCH over real HTTP against the built API in its own
/// process. Short in CI (LAYERS_SOAK_SECONDS, default 10); <c>./build.sh soak</c> runs it for 60 s.
/// </summary>
[Collection(typeof(RunsAlone))]
public sealed class SoakTests(LayersFixture fixture)
{
    public const string SecondsVariable = "LAYERS_SOAK_SECONDS";
    public const string ClientsVariable = "LAYERS_SOAK_CLIENTS";

    private const double MaxMemoryGrowth = 1.5;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Concurrent_clients_get_no_5xx_lose_no_update_and_API_memory_stays_within_1_5x_of_its_size_halfway()
    {
        var duration = TimeSpan.FromSeconds(PositiveSetting(SecondsVariable, 10));
        var clientCount = PositiveSetting(ClientsVariable, 32);
        var cancellationToken = TestContext.Current.CancellationToken;
        var tenant = await Tenant.CreateAsync(fixture);
        var key = await tenant.CreateKeyAsync(Scopes.InfluencersRead, Scopes.InfluencersWrite);
        var influencerIds = new List<string>();
        for (var i = 0; i < LoadDriver.InfluencersFor(clientCount); i++)
        {
            influencerIds.Add((await tenant.CreateInfluencerAsync()).Id.ToString());
        }

        // A fresh instance hit at once by every client (the cold burst): it reports ready only once
        // its pool's connections are open, so the warm-up, too, must see no 5xx.
        var applicationName = $"soak-{Guid.NewGuid():N}";
        await using var api = await ApiProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["ConnectionStrings__Layers"] = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { ApplicationName = applicationName }.ConnectionString,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",

                // The soak measures the service, not the limiter: any 429 is a failure.
                ["RateLimiting__Enabled"] = "false",
            },
            cancellationToken);
        var openAtReady = await ConnectionsOfAsync(applicationName);
        using var http = LoadDriver.CreateHttpClient(api.BaseAddress, key, clientCount);
        var driver = new LoadDriver(http, influencerIds, clientCount);

        // Memory is compared under full load, halfway through the run and at its end: the heap's
        // size after a warm-up depends on how fast the machine let the warm-up go, while a leak
        // keeps growing through the run.
        var startedBytes = api.ResidentBytes();
        var warmUp = await driver.RunAsync(WarmUp, cancellationToken);
        var warmBytes = api.ResidentBytes();
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var peak = api.PeakResidentBytesAsync(sampling.Token);
        var firstHalf = await driver.RunAsync(duration / 2, cancellationToken);
        var halfwayBytes = api.ResidentBytes();
        var secondHalf = await driver.RunAsync(duration / 2, cancellationToken);
        await sampling.CancelAsync();
        var peakBytes = await peak;
        var endBytes = api.ResidentBytes();
        var lost = await driver.FindLostUpdatesAsync(cancellationToken);
        var growth = (double)endBytes / halfwayBytes;
        LoadReport[] runs = [warmUp, firstHalf, secondHalf];

        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            soak: {clientCount} clients on {influencerIds.Count} influencers, {WarmUp.TotalSeconds:0} s warm-up then {duration.TotalSeconds:0} s, API process on {api.BaseAddress}
            warm-up: {warmUp}
            run, first half:  {firstHalf}
            run, second half: {secondHalf}
            memory (RSS of the API) MiB: started {Mib(startedBytes)}, after warm-up {Mib(warmBytes)}, halfway {Mib(halfwayBytes)}, peak {Mib(peakBytes)}, end {Mib(endBytes)}; end / halfway = {growth:0.00} (limit {MaxMemoryGrowth})
            API log lines at error level: {api.ErrorLines}; lost updates at the end: {lost.Count}; connections open at ready: {openAtReady}
            """));
        foreach (var sample in runs.SelectMany(run => run.FailureSamples).Concat(lost))
        {
            output?.WriteLine(sample);
        }

        Assert.True(openAtReady >= new DatabaseOptions().MinPoolSize, $"{openAtReady} connections were open when the API reported ready.");
        Assert.True(runs.Sum(run => run.ServerErrors) == 0, "The API answered 5xx.");
        Assert.True(runs.Sum(run => run.Unexpected) == 0, "Requests were answered other than 200 (429 included) or not at all.");
        Assert.True(runs.Sum(run => run.Mismatches) == 0, "A client read or was answered a value other than its last confirmed one.");
        Assert.Empty(lost);
        Assert.True(growth <= MaxMemoryGrowth, string.Create(CultureInfo.InvariantCulture, $"API memory grew {growth:0.00}x in the second half of the run."));
    }

    private async Task<long> ConnectionsOfAsync(string applicationName)
    {
        await using var command = fixture.DataSource.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = applicationName });
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private static int PositiveSetting(string variable, int fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new InvalidOperationException($"{variable} must be a positive whole number, not '{text}'.")
            : fallback;

    private static string Mib(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);
}
