using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Layers.Application.Common.Security;
using Layers.IntegrationTests.Support;
using Npgsql;

namespace Layers.IntegrationTests.Load;

/// <summary>
/// The built API in a process of its own, sent SIGTERM as an orchestrator stops it, with a PATCH
/// in flight that the test holds up by locking the influencer's row.
/// </summary>
public sealed class GracefulShutdownTests(LayersFixture fixture)
{
    // Long enough for the readiness and serving checks to fit inside it on a busy machine.
    private static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task On_SIGTERM_readyz_turns_503_at_once_requests_are_served_through_the_drain_delay_then_connections_are_refused_the_request_in_flight_completes_and_the_process_exits_0()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var tenant = await Tenant.CreateAsync(fixture);
        var key = await tenant.CreateKeyAsync(Scopes.InfluencersRead, Scopes.InfluencersWrite);
        var influencer = await tenant.CreateInfluencerAsync();
        var applicationName = $"shutdown-{Guid.NewGuid():N}";
        await using var api = await ApiProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["ConnectionStrings__Layers"] = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { ApplicationName = applicationName }.ConnectionString,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Database__MinPoolSize"] = "2",
                ["Shutdown__DrainDelay"] = DrainDelay.ToString("c", CultureInfo.InvariantCulture),
                ["Shutdown__Timeout"] = ShutdownTimeout.ToString("c", CultureInfo.InvariantCulture),

                // The held PATCH waits on the lock far longer than the default 3 s allow.
                ["Requests__DatabaseDeadline"] = "00:01:00",
            },
            cancellationToken);
        using var held = LoadDriver.CreateHttpClient(api.BaseAddress, key, 1);

        // The row locked: the PATCH reads it, then its UPDATE waits for the lock.
        await using var connection = await fixture.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM influencers WHERE id = $1 FOR UPDATE", connection, transaction))
        {
            lockRow.Parameters.Add(new NpgsqlParameter { Value = influencer.Id.Value });
            await lockRow.ExecuteScalarAsync(cancellationToken);
        }

        var patch = held.PatchJsonAsync(influencer.Id, """{"name":"Held Through Shutdown"}""");
        await WaitUntilAsync(() => WaitsOnALockAsync(applicationName), "the PATCH never waited on the row lock");

        var signalled = Stopwatch.StartNew();
        api.Terminate();
        await WaitUntilAsync(async () => (await GetOnANewConnectionAsync(api.BaseAddress, "/readyz", null)).Status == HttpStatusCode.ServiceUnavailable, "/readyz never answered 503");
        var notReadyAfter = signalled.Elapsed;
        var served = await GetOnANewConnectionAsync(api.BaseAddress, $"/v1/influencers/{influencer.Id}", key);
        var servedAfter = signalled.Elapsed;
        await WaitUntilAsync(() => Task.FromResult(IsRefused(api.BaseAddress)), "new connections were never refused");
        var refusedAfter = signalled.Elapsed;
        var inFlightWhenRefused = !patch.IsCompleted;

        await transaction.RollbackAsync(cancellationToken);
        using var patched = await patch;
        var exitCode = await api.WaitForExitAsync(ShutdownTimeout, cancellationToken);
        var exitedAfter = signalled.Elapsed;
        var row = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);

        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            after SIGTERM: /readyz 503 at {notReadyAfter.TotalSeconds:0.00} s, a GET served at {servedAfter.TotalSeconds:0.00} s, connections refused at {refusedAfter.TotalSeconds:0.00} s (drain delay {DrainDelay.TotalSeconds:0} s), exit {exitCode} at {exitedAfter.TotalSeconds:0.00} s
            """));
        Assert.True(servedAfter < DrainDelay, $"the checks took {servedAfter.TotalSeconds:0.00} s, past the drain delay: the machine was too slow to show anything");
        Assert.Equal((HttpStatusCode.OK, true), served);
        Assert.True(refusedAfter >= DrainDelay, $"connections were refused {refusedAfter.TotalSeconds:0.00} s after SIGTERM, before the drain delay ended");
        Assert.True(inFlightWhenRefused, "the PATCH was answered before the listener closed");
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("close", patched.Headers.Connection.Single());
        Assert.Equal("Held Through Shutdown", row.Name);
        Assert.Equal(0, exitCode);
        Assert.Equal(0, api.ErrorLines);
    }

    private async Task<bool> WaitsOnALockAsync(string applicationName)
    {
        await using var command = fixture.DataSource.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'");
        command.Parameters.Add(new NpgsqlParameter { Value = applicationName });
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))! > 0;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await condition())
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < Patience, failure);
            await Task.Delay(TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// A GET on a connection of its own, so that it shows whether the listener still accepts: its
    /// status, and whether the answer closes the connection.
    /// </summary>
    private static async Task<(HttpStatusCode Status, bool Closes)> GetOnANewConnectionAsync(Uri baseAddress, string path, string? apiKey)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = baseAddress, Timeout = Patience };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (apiKey is not null)
        {
            request.Headers.Authorization = new("Bearer", apiKey);
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, response.Headers.ConnectionClose == true);
    }

    private static bool IsRefused(Uri baseAddress)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, baseAddress.Port);
            return false;
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
    }
}
