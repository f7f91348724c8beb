using System.Diagnostics;
using System.Net;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Faults;

/// <summary>
/// PostgreSQL frozen (container paused) while requests are in flight, then thawed: answers stay
/// within 5 s and are 503 SERVICE_UNAVAILABLE or successes, never 500; the API recovers by itself.
/// 32 concurrent clients, so that as many statements are cut off at once as under real load: the
/// driver's own cancellation of that many statements once starved the thread pool for seconds.
/// </summary>
[Collection(nameof(DatabaseFaults))]
public sealed class DatabaseFaultTests(FrozenDatabaseFixture frozen)
{
    private static readonly TimeSpan AnswerBudget = TimeSpan.FromSeconds(5);

    private readonly LayersFixture fixture = frozen.Layers;

    [Fact]
    public async Task Requests_during_an_outage_answer_503_or_succeed_within_5_s_and_recover_without_a_restart()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencers = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => tenant.CreateInfluencerAsync()));
        using var client = await tenant.ClientAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<(HttpStatusCode Status, TimeSpan Took, string? RetryAfter)>();

        var workers = influencers.Select((influencer, index) => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested && i < 10_000; i++)
            {
                var started = Stopwatch.StartNew();
                using var response = i % 2 == 0
                    ? await client.PatchJsonAsync(influencer.Id, $$"""{"name":"Writer {{index}}-{{i}}"}""")
                    : await client.GetAsync(HttpExtensions.InfluencerUri(influencer.Id), TestContext.Current.CancellationToken);
                outcomes.Add((response.StatusCode, started.Elapsed, response.Headers.RetryAfter?.ToString()));
            }
        })).ToArray();

        await Task.Delay(500, TestContext.Current.CancellationToken);
        await frozen.FreezeAsync();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(6), TestContext.Current.CancellationToken);
            using var readiness = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
        }
        finally
        {
            await frozen.ThawAsync();
        }

        var recovered = await TimeUntilOkAsync(client, influencers[0].Id);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{outcomes.Count} answers, slowest {outcomes.Max(outcome => outcome.Took)}, recovered after {recovered}");
        Assert.True(recovered <= AnswerBudget, $"recovered after {recovered}");
        Assert.Contains(outcomes, outcome => outcome.Status == HttpStatusCode.ServiceUnavailable);
        Assert.All(outcomes, outcome =>
        {
            Assert.True(outcome.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"answered {outcome.Status}");
            Assert.True(outcome.Took < AnswerBudget, $"took {outcome.Took}");
            if (outcome.Status == HttpStatusCode.ServiceUnavailable)
            {
                Assert.Equal("5", outcome.RetryAfter);
            }
        });
    }

    [Fact]
    public async Task A_patch_interrupted_by_an_outage_leaves_the_row_fully_before_or_fully_after()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();
        var before = await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value);

        await frozen.FreezeAsync();
        HttpStatusCode status;
        try
        {
            using var response = await client.PatchJsonAsync(influencer.Id, """{"name":"Ava Lee","brandVoice":"witty","language":"fr-CA","ageRange":null}""");
            status = response.StatusCode;
        }
        finally
        {
            await frozen.ThawAsync();
        }

        await TimeUntilOkAsync(client, influencer.Id);
        var after = await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var fullyAfter = before! with
        {
            Name = "Ava Lee",
            BrandVoice = "witty",
            Language = "fr-CA",
            AgeRange = null,
            UpdatedAt = after!.UpdatedAt,
            Version = before.Version + 1,
        };
        Assert.True(after == before || after == fullyAfter, $"row is half-written: {after}");
    }

    /// <summary>Polls until a GET succeeds; how long that took after the database came back.</summary>
    private static async Task<TimeSpan> TimeUntilOkAsync(HttpClient client, object influencerId)
    {
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var response = await client.GetAsync(HttpExtensions.InfluencerUri(influencerId), TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return started.Elapsed;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return started.Elapsed;
    }
}
