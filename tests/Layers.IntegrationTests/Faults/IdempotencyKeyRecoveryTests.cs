using System.Diagnostics;
using System.Net;
using Dapper;
using Layers.Application.Common.Idempotency;
using Layers.IntegrationTests.Support;
using Npgsql;

namespace Layers.IntegrationTests.Faults;

/// <summary>
/// A keyed create whose claim is still waiting in the database when the request deadline passes
/// answers 503, and its claim must not outlive it: the first retry sent once the database answers
/// again runs the create, instead of meeting the abandoned claim (409) until its lease ends.
/// </summary>
[Collection(nameof(DatabaseFaults))]
public sealed class IdempotencyKeyRecoveryTests(FrozenDatabaseFixture frozen)
{
    // Past the lease an abandoned claim frees the key anyway: retrying longer would measure nothing.
    private static readonly TimeSpan RetryFor = IdempotencyKey.Lease + TimeSpan.FromSeconds(10);

    private readonly LayersFixture fixture = frozen.Layers;

    [Fact]
    public async Task A_retry_once_the_locked_idempotency_table_is_free_creates_at_once_and_once_only()
    {
        await using var locker = new NpgsqlConnection(fixture.ConnectionString);
        await locker.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await locker.BeginTransactionAsync(TestContext.Current.CancellationToken);

        await AssertRetryCreatesAtOnceAsync(
            stall: () => locker.ExecuteAsync("LOCK TABLE idempotency_keys IN EXCLUSIVE MODE", transaction: transaction),
            recover: () => transaction.RollbackAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public Task A_retry_once_the_frozen_database_answers_again_creates_at_once_and_once_only() =>
        AssertRetryCreatesAtOnceAsync(frozen.FreezeAsync, frozen.ThawAsync);

    /// <summary>
    /// The create ran, but recording its answer waited (the claim's row locked) past the deadline:
    /// nothing was committed, and the claim is released once the row is free again. The release is
    /// a statement of its own, queued behind the lock, so a retry may still meet the claim for the
    /// moment it takes: the promise is 1 s, asserted with a margin for a loaded machine.
    /// </summary>
    [Fact]
    public async Task A_create_that_gave_up_while_recording_its_answer_frees_its_key_once_the_database_answers()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();
        var key = $"recording-{Guid.NewGuid()}";
        using (var warm = await client.ListInfluencersAsync())
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        // The create's insert waits until the claim's row is locked, so that recording its answer waits in turn.
        await using var influencers = new NpgsqlConnection(fixture.ConnectionString);
        await influencers.OpenAsync(cancellationToken);
        await using var influencersLocked = await influencers.BeginTransactionAsync(cancellationToken);
        await influencers.ExecuteAsync("LOCK TABLE influencers IN EXCLUSIVE MODE", transaction: influencersLocked);
        await using var claim = new NpgsqlConnection(fixture.ConnectionString);
        await claim.OpenAsync(cancellationToken);
        await using var claimLocked = await claim.BeginTransactionAsync(cancellationToken);

        var creating = CreateAsync(client, tenant, key);
        HttpStatusCode gaveUp;
        try
        {
            var waited = Stopwatch.StartNew();
            while (await claim.ExecuteScalarAsync<int?>(
                       "SELECT 1 FROM idempotency_keys WHERE org_id = @OrgId AND idempotency_key = @Key FOR UPDATE",
                       new { OrgId = tenant.Org.Id.Value, Key = key },
                       claimLocked) is null)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the create never claimed its key");
                await Task.Delay(20, cancellationToken);
            }

            await influencersLocked.RollbackAsync(cancellationToken);
            using var response = await creating;
            gaveUp = response.StatusCode;
        }
        finally
        {
            await claimLocked.RollbackAsync(cancellationToken);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, gaveUp);
        var (conflictsFor, retry) = await RetryWhileConflictAsync(client, tenant, key);
        using (retry)
        {
            Assert.True(conflictsFor < TimeSpan.FromSeconds(5), $"409 for {conflictsFor}");
            await ApiAssert.InfluencerAsync(retry, HttpStatusCode.Created);
            Assert.False(retry.Headers.Contains("Idempotent-Replayed"));
        }

        Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    /// <summary>
    /// A create sent while <paramref name="stall"/> holds the claim answers 503; after
    /// <paramref name="recover"/>, the first retry answers 201 and exactly one influencer exists.
    /// Retries that meet 409 go on until the lease would have freed the key, so that a failure
    /// tells how long the key stayed locked.
    /// </summary>
    private async Task AssertRetryCreatesAtOnceAsync(Func<Task> stall, Func<Task> recover)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();
        var key = $"recovery-{Guid.NewGuid()}";

        // Authenticated before the stall, so that the API key's lookup is cached and the claim is what waits.
        using (var warm = await client.ListInfluencersAsync())
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        await stall();
        HttpStatusCode gaveUp;
        try
        {
            using var response = await CreateAsync(client, tenant, key);
            gaveUp = response.StatusCode;
        }
        finally
        {
            await recover();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, gaveUp);
        await WaitUntilTheDatabaseAnswersAsync();

        var (conflictsFor, retry) = await RetryWhileConflictAsync(client, tenant, key);
        using (retry)
        {
            Assert.Equal(TimeSpan.Zero, conflictsFor);
            await ApiAssert.InfluencerAsync(retry, HttpStatusCode.Created);
            Assert.False(retry.Headers.Contains("Idempotent-Replayed"));
        }

        Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
        await using var connection = await fixture.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM idempotency_keys WHERE org_id = @OrgId AND idempotency_key = @Key AND outcome IS NOT NULL",
            new { OrgId = tenant.Org.Id.Value, Key = key }));
    }

    /// <summary>
    /// Sends the create again every 100 ms while it answers 409, until the lease would have freed
    /// the key; how long it answered 409 (zero when the first retry did not), and the answer after.
    /// </summary>
    private static async Task<(TimeSpan ConflictsFor, HttpResponseMessage Answer)> RetryWhileConflictAsync(HttpClient client, Tenant tenant, string key)
    {
        var since = Stopwatch.StartNew();
        var retry = await CreateAsync(client, tenant, key);
        var conflictsFor = TimeSpan.Zero;
        while (retry.StatusCode == HttpStatusCode.Conflict && since.Elapsed < RetryFor)
        {
            conflictsFor = since.Elapsed;
            retry.Dispose();
            await Task.Delay(100, TestContext.Current.CancellationToken);
            retry = await CreateAsync(client, tenant, key);
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"409 for {conflictsFor.TotalSeconds:F1} s after the database answered again, then {(int)retry.StatusCode}");
        return (conflictsFor, retry);
    }

    private static async Task<HttpResponseMessage> CreateAsync(HttpClient client, Tenant tenant, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/influencers", UriKind.Relative))
        {
            Content = ApiRequests.Body($$"""{"projectId":"{{tenant.Project.Id}}","name":"Mia","gender":"female"}"""),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", ApiRequests.Json);
        Assert.True(request.Headers.TryAddWithoutValidation("Idempotency-Key", key));
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>A new connection's statement answered: the moment from which a retry must succeed.</summary>
    private async Task WaitUntilTheDatabaseAnswersAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(fixture.ConnectionString);
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                await connection.ExecuteScalarAsync<int>("SELECT 1");
                return;
            }
            catch (NpgsqlException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }
    }
}
