using System.Diagnostics;
using System.Text.RegularExpressions;
using Layers.Infrastructure;
using Layers.Infrastructure.Persistence;
using Layers.Infrastructure.Persistence.ApiKeys;
using Layers.IntegrationTests.Load;
using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Testcontainers.PostgreSql;

namespace Layers.IntegrationTests.Faults;

/// <summary>
/// PostgreSQL stopped for several of the key-change listener's retries, then started again: the
/// listener's log of the outage is a warning with the reason, then one line with the retries, and
/// no stack trace. A database of its own, on a fixed host port, so that it comes back at the
/// address the host knows; the shared container is left alone.
/// </summary>
public sealed partial class KeyListenerOutageTests : IAsyncLifetime
{
    private const string Category = "Layers.Infrastructure.Persistence.ApiKeys.ApiKeyChangeListener";

    // Down for this long, the listener retries (once a second) a few times at the least.
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(5);

    private readonly PostgreSqlContainer postgres = new PostgreSqlBuilder(
            Environment.GetEnvironmentVariable(LayersFixture.ImageVariable) is { Length: > 0 } image ? image : "postgres:15")
        .WithLabel("layers.test-run", Environment.GetEnvironmentVariable(LayersFixture.TestRunVariable) is { Length: > 0 } run ? run : "none")
        .WithPortBinding(ApiProcess.FreeLoopbackPort(), 5432)
        .Build();

    public async ValueTask InitializeAsync()
    {
        await postgres.StartAsync();
        await using var services = new ServiceCollection().AddLogging().AddInfrastructure(postgres.GetConnectionString(), new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:MinPoolSize"] = "0" }).Build()).BuildServiceProvider();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
    }

    public ValueTask DisposeAsync() => postgres.DisposeAsync();

    [Fact]
    public async Task Postgres_stopped_then_started_is_one_warning_with_the_reason_and_one_line_with_the_retries()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var logs = new CapturedLogs();
        await using var host = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Layers", postgres.GetConnectionString());
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:MinPoolSize", "1");
            builder.UseSetting(LayersFixture.NoDrainDelay.Key, LayersFixture.NoDrainDelay.Value);
            builder.ConfigureLogging(logging => logging.AddProvider(logs).AddFilter(Category, LogLevel.Debug));
        });
        var cache = host.Services.GetRequiredService<ApiKeyCache>();
        await WaitUntilAsync(() => cache.IsTrusted, "the listener did not start");

        await postgres.StopAsync(cancellationToken);
        try
        {
            await WaitUntilAsync(() => !cache.IsTrusted, "the listener did not notice the stop");
            await Task.Delay(Outage, cancellationToken);
        }
        finally
        {
            await postgres.StartAsync(cancellationToken);
        }

        await WaitUntilAsync(() => cache.IsTrusted, "the listener did not listen again");

        var lines = logs.Lines(Category);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(Environment.NewLine, lines));
        Assert.All(lines, line => Assert.DoesNotContain(Environment.NewLine, line.Message, StringComparison.Ordinal));
        var (warning, retries, back) = (lines[0], lines.Skip(1).SkipLast(1).ToList(), lines[^1]);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Matches(Down(), warning.Message);
        Assert.InRange(retries.Count, 2, int.MaxValue);
        Assert.All(retries, retry => Assert.Equal(LogLevel.Debug, retry.Level));
        Assert.Equal(LogLevel.Information, back.Level);
        Assert.Matches(Back(), back.Message);
        Assert.Equal(retries.Count + 1, int.Parse(Back().Match(back.Message).Groups["retries"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var waited = Stopwatch.StartNew();
        while (!condition() && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), failure);
    }

    // The reason is the driver's: PostgreSQL's own message when it shuts down, or the connection's loss.
    [GeneratedRegex(@"^Listening for API key changes failed \((Postgres|Npgsql)Exception: .+\); keys are read from the database until it is back; retrying once a second$")]
    private static partial Regex Down();

    [GeneratedRegex(@"^Listening for API key changes succeeded after \d+\.\d s; retries: (?<retries>\d+)$")]
    private static partial Regex Back();
}
