using Layers.Api.RateLimiting;
using Layers.IntegrationTests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Layers.Api.Tests.RateLimiting;

public sealed class SharedLimitsOutageTests : IDisposable
{
    private const string Category = "Layers.Api.RateLimiting.SharedLimitsOutage";

    private readonly FakeTimeProvider clock = new();
    private readonly CapturedLogs logs = new();
    private readonly LoggerFactory loggers;
    private readonly SharedLimitsOutage outage;

    public SharedLimitsOutageTests()
    {
        loggers = new LoggerFactory([logs]);
        outage = new SharedLimitsOutage(loggers.CreateLogger<SharedLimitsOutage>(), clock);
    }

    public void Dispose() => loggers.Dispose();

    private int Warnings => logs.Count(Category, LogLevel.Warning, "Redis does not count requests");

    private int Recoveries => logs.Count(Category, LogLevel.Information, "Redis counts requests again");

    [Fact]
    public async Task Failures_of_many_concurrent_requests_are_one_outage_and_one_warning()
    {
        var asked = clock.GetTimestamp();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => outage.Failed(asked, new TimeoutException("no answer")))));

        Assert.True(outage.IsActive);
        Assert.Equal(1, Warnings);
    }

    [Fact]
    public void In_an_outage_the_store_is_asked_once_per_retry_interval()
    {
        outage.Failed(clock.GetTimestamp(), new TimeoutException());

        var turnsAtOnce = Enumerable.Range(0, 10).Count(attempt => outage.TryAsk(out _));
        clock.Advance(SharedLimitsOutage.RetryInterval);
        var mayAsk = outage.MayAsk();
        var turnsAfterAnInterval = Enumerable.Range(0, 10).Count(attempt => outage.TryAsk(out _));

        Assert.Equal(0, turnsAtOnce);
        Assert.True(mayAsk);
        Assert.Equal(1, turnsAfterAnInterval);
        Assert.False(outage.MayAsk());
    }

    [Fact]
    public void An_answer_ends_the_outage_once_and_a_later_failure_starts_another()
    {
        outage.Failed(clock.GetTimestamp(), new TimeoutException());
        clock.Advance(SharedLimitsOutage.RetryInterval);
        Assert.True(outage.TryAsk(out var probe));

        outage.Answered(probe);
        outage.Answered(probe);
        var afterRecovery = outage.TryAsk(out _);
        clock.Advance(TimeSpan.FromSeconds(5));
        outage.Failed(clock.GetTimestamp(), new TimeoutException());

        Assert.True(afterRecovery);
        Assert.Equal(1, Recoveries);
        Assert.Equal(2, Warnings);
        Assert.True(outage.IsActive);
    }

    [Fact]
    public void Answers_and_failures_to_questions_asked_before_a_change_change_nothing()
    {
        var beforeOutage = clock.GetTimestamp();
        clock.Advance(TimeSpan.FromMilliseconds(10));
        outage.Failed(clock.GetTimestamp(), new TimeoutException());

        // A slow answer to a question asked before the outage began does not end it.
        outage.Answered(beforeOutage);
        var stillActive = outage.IsActive;

        clock.Advance(SharedLimitsOutage.RetryInterval);
        var beforeRecovery = clock.GetTimestamp();
        Assert.True(outage.TryAsk(out var probe));
        clock.Advance(TimeSpan.FromMilliseconds(10));
        outage.Answered(probe);

        // A late failure of a question asked before the recovery does not start another.
        outage.Failed(beforeRecovery, new TimeoutException());

        Assert.True(stillActive);
        Assert.False(outage.IsActive);
        Assert.Equal(1, Warnings);
        Assert.Equal(1, Recoveries);
    }
}
