using System.Net;
using System.Text.Json;
using Layers.Infrastructure.Persistence;
using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Layers.IntegrationTests.Http;

public sealed class HealthTests(LayersFixture fixture)
{
    [Fact]
    public async Task Healthz_answers_200_without_a_key()
    {
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Readyz_answers_200_without_a_key_when_postgres_answers()
    {
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"ready"}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Probes_answer_json_without_cache_header_fields(string path)
    {
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.DoesNotContain(response.Headers, field => field.Key is "Cache-Control" or "Pragma");
        Assert.DoesNotContain(response.Content.Headers, field => field.Key is "Expires");
    }

    [Fact]
    public async Task Readyz_answers_503_while_a_first_keyed_requests_statements_cannot_run_although_postgres_answers()
    {
        // A database of its own that is not migrated yet: SELECT 1 answers, a key lookup fails.
        var database = $"unmigrated_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Database = database }.ConnectionString;
        await using var host = fixture.AnotherHost(builder => builder.UseSetting("ConnectionStrings:Layers", connectionString));
        using var client = host.CreateClient();

        var unmigrated = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
            unmigrated.Add(response.StatusCode);
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 10), unmigrated);
        await LayersFixture.WaitUntilReadyAsync(client);
    }

    [Fact]
    public async Task Readyz_answers_503_and_healthz_200_when_postgres_is_unreachable_and_no_error_is_logged()
    {
        // A second host whose database is a closed port: the shared container stays up for the other tests.
        var logs = new CapturedLogs();
        await using var down = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseSetting("ConnectionStrings:Layers", "Host=127.0.0.1;Port=1;Username=x;Password=x;Database=x")
            .UseSetting(LayersFixture.NoDrainDelay.Key, LayersFixture.NoDrainDelay.Value)
            .ConfigureLogging(logging => logging.AddProvider(logs)));
        using var client = down.CreateClient();

        using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
        using var alive = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("5", ready.Headers.RetryAfter?.ToString());
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("SERVICE_UNAVAILABLE", body.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);

        // An outage is expected: the warm-up logs it as a warning, once.
        Assert.Empty(logs.AtLeast(LogLevel.Error));
    }
}
