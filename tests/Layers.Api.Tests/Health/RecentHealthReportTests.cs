using Layers.Api.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace Layers.Api.Tests.Health;

/// <summary>Health reports that come when the test says, with a clock the test moves.</summary>
public sealed class RecentHealthReportTests
{
    private readonly FakeTimeProvider clock = new();
    private readonly ChecksTheTestFinishes checks = new();
    private readonly RecentHealthReport recent;

    public RecentHealthReportTests() => recent = new RecentHealthReport(checks, clock);

    [Fact]
    public async Task Probes_during_a_check_and_within_a_second_of_its_start_share_it_and_a_probe_after_that_sees_a_new_one()
    {
        var during = new Task<HealthReport>[100];
        var cancellationToken = TestContext.Current.CancellationToken;
        Parallel.For(0, during.Length, probe => during[probe] = recent.CheckHealthAsync(cancellationToken));
        clock.Advance(TimeSpan.FromMilliseconds(400));
        checks.Finish(HealthStatus.Healthy);

        // Bounded: were each probe's a check of its own, all but one would wait forever.
        var answers = await Task.WhenAll(during).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromMilliseconds(599));
        var withinASecond = await recent.CheckHealthAsync(TestContext.Current.CancellationToken);
        var checksWithinASecond = checks.Started;

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var afterASecond = recent.CheckHealthAsync(TestContext.Current.CancellationToken);
        checks.Finish(HealthStatus.Degraded);

        Assert.All(answers, answer => Assert.Equal(HealthStatus.Healthy, answer.Status));
        Assert.Equal(HealthStatus.Healthy, withinASecond.Status);
        Assert.Equal(1, checksWithinASecond);
        Assert.Equal(HealthStatus.Degraded, (await afterASecond).Status);
        Assert.Equal(2, checks.Started);
    }

    [Fact]
    public async Task A_check_that_takes_longer_than_a_second_is_shared_until_it_ends()
    {
        var first = recent.CheckHealthAsync(TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(5));
        var second = recent.CheckHealthAsync(TestContext.Current.CancellationToken);
        checks.Finish(HealthStatus.Unhealthy);

        Assert.Equal(HealthStatus.Unhealthy, (await first).Status);
        Assert.Equal(HealthStatus.Unhealthy, (await second).Status);
        Assert.Equal(1, checks.Started);
    }

    [Fact]
    public async Task A_probe_that_gives_up_leaves_the_shared_check_running_for_the_others()
    {
        using var givesUp = new CancellationTokenSource();
        var abandoned = recent.CheckHealthAsync(givesUp.Token);
        var waiting = recent.CheckHealthAsync(TestContext.Current.CancellationToken);
        await givesUp.CancelAsync();
        checks.Finish(HealthStatus.Healthy);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal(HealthStatus.Healthy, (await waiting).Status);
        Assert.Equal(1, checks.Started);
    }

    [Fact]
    public async Task A_report_of_some_checks_is_not_shared()
    {
        checks.AnswerAtOnce = true;

        await recent.CheckHealthAsync(_ => false, TestContext.Current.CancellationToken);
        await recent.CheckHealthAsync(_ => false, TestContext.Current.CancellationToken);

        Assert.Equal(2, checks.Started);
    }

    private sealed class ChecksTheTestFinishes : HealthCheckService
    {
        private readonly Queue<TaskCompletionSource<HealthReport>> pending = [];
        private int started;

        public int Started => Volatile.Read(ref started);

        public bool AnswerAtOnce { get; set; }

        public override Task<HealthReport> CheckHealthAsync(Func<HealthCheckRegistration, bool>? predicate, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref started);
            if (AnswerAtOnce)
            {
                return Task.FromResult(Report(HealthStatus.Healthy));
            }

            var check = new TaskCompletionSource<HealthReport>(TaskCreationOptions.RunContinuationsAsynchronously);
            cancellationToken.Register(() => check.TrySetCanceled(cancellationToken));
            lock (pending)
            {
                pending.Enqueue(check);
            }

            return check.Task;
        }

        public void Finish(HealthStatus status)
        {
            TaskCompletionSource<HealthReport> check;
            var waited = System.Diagnostics.Stopwatch.StartNew();

            // The check starts on the thread pool: wait until it has.
            while (true)
            {
                lock (pending)
                {
                    if (pending.TryDequeue(out check!))
                    {
                        break;
                    }
                }

                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "no check started");
                Thread.Sleep(1);
            }

            check.SetResult(Report(status));
        }

        private static HealthReport Report(HealthStatus status) => new(new Dictionary<string, HealthReportEntry>(), status, TimeSpan.Zero);
    }
}
