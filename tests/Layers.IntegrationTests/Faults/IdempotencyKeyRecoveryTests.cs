using System.Diagnostics;
using System.Net;
using Dapper;
using Layers.Api.Http;
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
    private static readonly TimeSpan RetryFor = IdempotencyFilter.Lease + TimeSpan.FromSeconds(10);

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
    /// A create sent while <paramref name="stall"/> holds the claim answers 503; after
    /// <paramref name="recover"/>, the first retry answers 201 and exactly one influencer exists.
    /// Retries that meet 409 are counted (and go on until the lease would have freed the key), so
    /// that a failure tells how long the key stayed locked.
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

        var conflicts = 0;
        var since = Stopwatch.StartNew();
        var retry = await CreateAsync(client, tenant, key);
        while (retry.StatusCode == HttpStatusCode.Conflict && since.Elapsed < RetryFor)
        {
            conflicts++;
            retry.Dispose();
            await Task.Delay(100, TestContext.Current.CancellationToken);
            retry = await CreateAsync(client, tenant, key);
        }

        using (retry)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{conflicts} retries answered 409 for {since.Elapsed.TotalSeconds:F1} s after the database answered again, then {(int)retry.StatusCode}");
            Assert.Equal(0, conflicts);
            await ApiAssert.InfluencerAsync(retry, HttpStatusCode.Created);
            Assert.False(retry.Headers.Contains("Idempotent-Replayed"));
        }

        Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
        await using var connection = await fixture.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM idempotency_keys WHERE org_id = @OrgId AND idempotency_key = @Key AND outcome IS NOT NULL",
            new { OrgId = tenant.Org.Id.Value, Key = key }));
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
