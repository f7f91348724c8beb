using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Layers.Api.Idempotency;
using Layers.Api.RateLimiting;
using Layers.IntegrationTests.Load;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Http;

/// <summary>
/// One key's requests spread over two API processes that share their limits through Redis. A
/// key's bucket holds twice its rate r and refills r a second (in Redis in one step a second, in
/// an instance continuously), so over a window of T seconds it admits at most 2r + rT requests
/// and, kept busy, at least 2r + r(T - 1): these are the bounds, with 5 % either side. Without
/// Redis each instance would admit as much again. Tests of this class run one at a time (one
/// stops Redis).
/// </summary>
/// <remarks>
/// A key is first used once on each instance, so that a cold key lookup, slow on a busy machine,
/// does not idle the clients of a measured window; before a measured window it is then left alone
/// until Redis has dropped its bucket (<see cref="BucketForgotten"/>), so that the window starts
/// with a full bucket, as the bounds assume.
/// </remarks>
public sealed class SharedRateLimitsTests(LayersFixture fixture, TwoInstancesOverRedis cluster) : IClassFixture<TwoInstancesOverRedis>
{
    private const int Rate = TwoInstancesOverRedis.PerKeyPermitsPerSecond;
    private const int ClientsPerInstance = 4;
    private const string OutageCategory = "Layers.Api.RateLimiting.SharedLimitsOutage";

    // A sequential client on loopback does well under 1 000 requests a second.
    private const int MaxRequestsPerClient = 60_000;

    // Generous for a busy 2-core machine: a request that waited on Redis as the client does by
    // default (5 s) would exceed it; with RateLimiting__RedisSlowAnswer (250 ms here) none comes close.
    private static readonly TimeSpan SlowestAnswerInOutage = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2.5);

    // Redis keeps a bucket for as long as it takes to fill (2 s) after its last grant; with margin.
    private static readonly TimeSpan BucketForgotten = TimeSpan.FromSeconds(2.5);

    [Fact]
    public async Task One_keys_requests_over_two_instances_are_admitted_within_its_rate_and_burst()
    {
        var (key, influencerId) = await KeyAndInfluencerAsync(freshBucket: true);

        var run = await LoadAsync(key, influencerId, Window);

        AssertOnlyOkAndTooManyRequests(run.Outcomes);
        AssertAdmittedOnceAcrossInstances(run.Outcomes, run.Elapsed);
    }

    [Fact]
    public async Task Redis_stopped_mid_run_leaves_each_instance_serving_under_its_own_limit_and_the_limit_is_shared_again_once_it_is_back()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (outageKey, influencerId) = await KeyAndInfluencerAsync(freshBucket: false);
        var warningsBefore = cluster.Instances.Select(instance => instance.Warnings(OutageCategory)).ToList();

        // The load starts with Redis up; Redis stops a second in, and the load goes on for as long
        // again as the shared window once it has stopped (the safety net ends it in any case).
        using var stopLoad = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var running = LoadAsync(outageKey, influencerId, stopLoad.Token);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        List<(HttpStatusCode Status, string Body)> readiness;
        LoadRun run;
        long stopped;
        try
        {
            await cluster.Redis.StopAsync(cancellationToken);
            stopped = Stopwatch.GetTimestamp();
            readiness = await ReadinessAsync(cancellationToken);
            await Task.Delay(Window, cancellationToken);
            await stopLoad.CancelAsync();
            run = await running;
        }
        finally
        {
            await cluster.Redis.StartAsync(cancellationToken);
        }

        var back = await WaitUntilReadyAsync(cancellationToken);
        var (sharedAgainKey, sharedAgainInfluencerId) = await KeyAndInfluencerAsync(freshBucket: true);
        var afterwards = await LoadAsync(sharedAgainKey, sharedAgainInfluencerId, Window);

        // Requests sent once Redis had stopped were decided by each instance alone.
        var stoppedAt = Stopwatch.GetElapsedTime(run.Started, stopped);
        var outage = run.Outcomes.Where(outcome => outcome.Sent >= stoppedAt).ToList();
        var outageWindow = run.Elapsed - stoppedAt;
        var slowest = outage.Max(outcome => outcome.Took);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Redis stopped {stoppedAt.TotalSeconds:0.00} s in; in the {outageWindow.TotalSeconds:0.00} s after, admitted per instance: "
            + $"{string.Join(", ", Enumerable.Range(0, 2).Select(i => outage.Count(o => o.Instance == i && o.Status == HttpStatusCode.OK)))} "
            + $"of {outage.Count} (local bound {MaxAdmitted(outageWindow):0.0} each); slowest answer {slowest.TotalMilliseconds:0} ms");
        AssertOnlyOkAndTooManyRequests(run.Outcomes);
        Assert.All(readiness, ready =>
        {
            Assert.Equal(HttpStatusCode.OK, ready.Status);
            Assert.Equal("""{"status":"degraded","redis":"unreachable"}""", ready.Body);
        });
        for (var instance = 0; instance < 2; instance++)
        {
            var admitted = outage.Count(outcome => outcome.Instance == instance && outcome.Status == HttpStatusCode.OK);
            Assert.InRange(admitted, 1, MaxAdmitted(outageWindow) * 1.05);
            Assert.Equal(warningsBefore[instance] + 1, cluster.Instances[instance].Warnings(OutageCategory));
            Assert.Equal(0, cluster.Instances[instance].ErrorLines);
        }

        Assert.True(slowest < SlowestAnswerInOutage, $"an answer took {slowest} while Redis was down");
        Assert.True(back, "an instance did not report ready within 30 s of Redis starting again");
        AssertOnlyOkAndTooManyRequests(afterwards.Outcomes);
        AssertAdmittedOnceAcrossInstances(afterwards.Outcomes, afterwards.Elapsed);
    }

    private static double MaxAdmitted(TimeSpan window) => (2 * Rate) + (Rate * window.TotalSeconds);

    private static double MinAdmitted(TimeSpan window) => (2 * Rate) + (Rate * (window.TotalSeconds - 1));

    private static void AssertOnlyOkAndTooManyRequests(IEnumerable<Outcome> outcomes) =>
        Assert.All(outcomes, outcome => Assert.True(outcome.Status is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"{outcome.Status}"));

    private static void AssertAdmittedOnceAcrossInstances(IReadOnlyCollection<Outcome> outcomes, TimeSpan elapsed)
    {
        var admitted = outcomes.Count(outcome => outcome.Status == HttpStatusCode.OK);
        var perInstance = Enumerable.Range(0, 2).Select(i => outcomes.Count(o => o.Instance == i && o.Status == HttpStatusCode.OK)).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"admitted {admitted} ({string.Join(" + ", perInstance)}) of {outcomes.Count} in {elapsed.TotalSeconds:0.00} s; bounds {MinAdmitted(elapsed):0.0}..{MaxAdmitted(elapsed):0.0}");
        Assert.InRange(admitted, MinAdmitted(elapsed) * 0.95, MaxAdmitted(elapsed) * 1.05);
        Assert.All(perInstance, count => Assert.True(count > 0, "an instance admitted nothing"));
    }

    /// <summary>A new key, used once on each instance; with <paramref name="freshBucket"/>, left alone until Redis forgot its bucket.</summary>
    private async Task<(string Key, string InfluencerId)> KeyAndInfluencerAsync(bool freshBucket)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencerId = (await tenant.CreateInfluencerAsync()).Id.ToString();
        var key = await tenant.CreateKeyAsync();
        foreach (var instance in cluster.Instances)
        {
            using var client = Client(instance, key);
            using var response = await client.GetAsync(HttpExtensions.InfluencerUri(influencerId), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        if (freshBucket)
        {
            await Task.Delay(BucketForgotten, TestContext.Current.CancellationToken);
        }

        return (key, influencerId);
    }

    private static HttpClient Client(ApiProcess instance, string? key = null) =>
        new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = ClientsPerInstance })
        {
            BaseAddress = instance.BaseAddress,
            Timeout = TimeSpan.FromSeconds(40),
            DefaultRequestHeaders = { Authorization = key is null ? null : new AuthenticationHeaderValue("Bearer", key) },
        };

    private async Task<LoadRun> LoadAsync(string key, string influencerId, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        return await LoadAsync(key, influencerId, stop.Token);
    }

    /// <summary>
    /// <see cref="ClientsPerInstance"/> clients on each instance, each reading the influencer in a
    /// loop until <paramref name="stop"/> (and at most <see cref="MaxRequestsPerClient"/> times, a safety net).
    /// </summary>
    private async Task<LoadRun> LoadAsync(string key, string influencerId, CancellationToken stop)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var outcomes = new ConcurrentBag<Outcome>();
        var http = cluster.Instances.Select(instance => Client(instance, key)).ToList();
        var started = Stopwatch.GetTimestamp();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, http.Count * ClientsPerInstance).Select(client => Task.Run(
                async () =>
                {
                    var instance = client % http.Count;
                    for (var i = 0; i < MaxRequestsPerClient && !stop.IsCancellationRequested; i++)
                    {
                        var sent = Stopwatch.GetElapsedTime(started);
                        using var response = await http[instance].GetAsync(HttpExtensions.InfluencerUri(influencerId), cancellationToken);
                        outcomes.Add(new Outcome(instance, response.StatusCode, sent, Stopwatch.GetElapsedTime(started) - sent));
                    }
                },
                cancellationToken)));
        }
        finally
        {
            http.ForEach(client => client.Dispose());
        }

        return new LoadRun([.. outcomes], started, Stopwatch.GetElapsedTime(started));
    }

    private async Task<List<(HttpStatusCode Status, string Body)>> ReadinessAsync(CancellationToken cancellationToken)
    {
        var answers = new List<(HttpStatusCode, string)>();
        foreach (var instance in cluster.Instances)
        {
            using var client = Client(instance);
            using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative), cancellationToken);
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken)));
        }

        return answers;
    }

    private async Task<bool> WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            if ((await ReadinessAsync(cancellationToken)).All(ready => ready is (HttpStatusCode.OK, """{"status":"ready"}""")))
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        return false;
    }

    /// <param name="Sent">When the request was sent, from the start of its run.</param>
    private sealed record Outcome(int Instance, HttpStatusCode Status, TimeSpan Sent, TimeSpan Took);

    private sealed record LoadRun(IReadOnlyCollection<Outcome> Outcomes, long Started, TimeSpan Elapsed);
}
