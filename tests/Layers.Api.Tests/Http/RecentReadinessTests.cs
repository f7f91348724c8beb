using Layers.Api.Http;
using Microsoft.Extensions.Time.Testing;

namespace Layers.Api.Tests.Http;

/// <summary>Readiness checks that answer when the test says, with a clock the test moves.</summary>
public sealed class RecentReadinessTests
{
    private readonly FakeTimeProvider clock = new();
    private readonly Queue<TaskCompletionSource<Readiness>> checks = [];
    private readonly RecentReadiness readiness;
    private int started;

    public RecentReadinessTests() =>
        readiness = new RecentReadiness(
            () =>
            {
                Interlocked.Increment(ref started);
                var check = new TaskCompletionSource<Readiness>(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (checks)
                {
                    checks.Enqueue(check);
                }

                return check.Task;
            },
            clock);

    [Fact]
    public async Task Probes_during_a_check_and_within_a_second_of_its_start_share_it_and_a_probe_after_that_sees_a_new_one()
    {
        var during = new Task<Readiness>[100];
        Parallel.For(0, during.Length, probe => during[probe] = readiness.CheckAsync());
        clock.Advance(TimeSpan.FromMilliseconds(400));
        Finish(Readiness.Ready);

        // Bounded: were each probe's a check of its own, all but one would wait forever.
        var answers = await Task.WhenAll(during).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromMilliseconds(599));
        var withinASecond = await readiness.CheckAsync();
        var checksWithinASecond = Volatile.Read(ref started);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var afterASecond = readiness.CheckAsync();
        Finish(Readiness.Degraded);

        Assert.All(answers, answer => Assert.Equal(Readiness.Ready, answer));
        Assert.Equal(Readiness.Ready, withinASecond);
        Assert.Equal(1, checksWithinASecond);
        Assert.Equal(Readiness.Degraded, await afterASecond);
        Assert.Equal(2, Volatile.Read(ref started));
    }

    [Fact]
    public async Task A_check_that_takes_longer_than_a_second_is_shared_until_it_ends()
    {
        var first = readiness.CheckAsync();
        clock.Advance(TimeSpan.FromSeconds(5));
        var second = readiness.CheckAsync();
        Finish(Readiness.Unavailable);

        Assert.Same(first, second);
        Assert.Equal(Readiness.Unavailable, await second);
        Assert.Equal(1, Volatile.Read(ref started));
    }

    private void Finish(Readiness result)
    {
        TaskCompletionSource<Readiness> check;
        var waited = System.Diagnostics.Stopwatch.StartNew();

        // The check starts on the thread pool: wait until it has.
        while (true)
        {
            lock (checks)
            {
                if (checks.TryDequeue(out check!))
                {
                    break;
                }
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "no check started");
            Thread.Sleep(1);
        }

        check.SetResult(result);
    }
}
