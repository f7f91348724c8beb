using System.Net.Sockets;
using Layers.Infrastructure.Persistence;
using Layers.IntegrationTests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Layers.Infrastructure.Tests.Persistence;

/// <summary>What a retrying loop (the key-change listener, the start-up warm-up) logs of an outage: a line when it begins, a line when it ends.</summary>
public sealed class RetriedOutageTests : IDisposable
{
    private const string Category = "listener";

    private readonly FakeTimeProvider clock = new();
    private readonly CapturedLogs logs = new();
    private readonly LoggerFactory loggers;
    private readonly RetriedOutage outage;

    public RetriedOutageTests()
    {
        loggers = new LoggerFactory([logs], new LoggerFilterOptions { MinLevel = LogLevel.Trace });
        outage = new RetriedOutage(loggers.CreateLogger(Category), clock, "Listening for API key changes", "keys are read from the database until it is back");
    }

    public void Dispose() => loggers.Dispose();

    [Fact]
    public void An_outage_is_one_warning_with_its_reason_then_one_line_with_its_retries_and_length()
    {
        outage.Failed(Refused());
        for (var retry = 0; retry < 11; retry++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            outage.Failed(Refused());
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        outage.Succeeded();

        Assert.Equal(
            [
                (LogLevel.Warning, "Listening for API key changes failed (NpgsqlException: Failed to connect to 127.0.0.1:5432 ---> SocketException: Connection refused); keys are read from the database until it is back; retrying once a second"),
                .. Enumerable.Range(1, 11).Select(retry => (LogLevel.Debug, $"Listening for API key changes: retry {retry} failed (NpgsqlException: Failed to connect to 127.0.0.1:5432 ---> SocketException: Connection refused)")),
                (LogLevel.Information, "Listening for API key changes succeeded after 12.0 s; retries: 12"),
            ],
            logs.Lines(Category));
        Assert.False(outage.IsActive);
    }

    [Fact]
    public void Listening_without_an_outage_logs_nothing()
    {
        outage.Succeeded();

        Assert.Empty(logs.Lines(Category));
    }

    [Fact]
    public void A_failure_after_the_end_of_an_outage_begins_another_counted_afresh()
    {
        outage.Failed(Refused());
        outage.Failed(Refused());
        outage.Succeeded();

        outage.Failed(new TimeoutException("Timeout during reading attempt"));
        clock.Advance(TimeSpan.FromSeconds(1));
        outage.Succeeded();

        Assert.Equal(
            [
                (LogLevel.Warning, "Listening for API key changes failed (TimeoutException: Timeout during reading attempt); keys are read from the database until it is back; retrying once a second"),
                (LogLevel.Information, "Listening for API key changes succeeded after 1.0 s; retries: 1"),
            ],
            logs.Lines(Category).Skip(3));
    }

    private static NpgsqlException Refused() =>
        new("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));
}
