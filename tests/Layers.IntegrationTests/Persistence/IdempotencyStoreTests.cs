using System.Security.Cryptography;
using Dapper;
using Layers.Application.Common.Idempotency;
using Layers.Application.Common.Persistence;
using Layers.Application.Influencers;
using Layers.Domain.Influencers;
using Layers.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Layers.IntegrationTests.Persistence;

/// <summary>
/// The store's claim and complete protocol on its own: the writes of an execution commit together
/// with its outcome, or not at all.
/// </summary>
[Collection(nameof(IdempotencyKeysOneAtATime))]
public sealed class IdempotencyStoreTests(LayersFixture fixture)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private IIdempotencyStore Store => fixture.Services.GetRequiredService<IIdempotencyStore>();

    [Fact]
    public async Task An_execution_completes_with_its_writes_in_one_commit()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var claim = await ClaimAsync(tenant, "complete");
        var influencer = NewInfluencer(tenant);

        await using (var execution = new Execution(fixture))
        {
            await execution.Influencers.AddAsync(influencer, TestContext.Current.CancellationToken);
            Assert.Null(await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value));

            Assert.True(await execution.Store.CompleteAsync(claim, "outcome", Retention, TestContext.Current.CancellationToken));
            await execution.UnitOfWork.CommitAsync(TestContext.Current.CancellationToken);
        }

        Assert.NotNull(await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value));
        Assert.Equal("outcome", await OutcomeAsync(tenant, "complete"));
    }

    /// <summary>
    /// The claim's lease ran out while it was still running and another request took the key over:
    /// the first can no longer complete, and its write is not committed.
    /// </summary>
    [Fact]
    public async Task An_execution_whose_claim_was_taken_over_commits_nothing()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var claim = await ClaimAsync(tenant, "taken over");
        var influencer = NewInfluencer(tenant);

        await using (var execution = new Execution(fixture))
        {
            await execution.Influencers.AddAsync(influencer, TestContext.Current.CancellationToken);
            await ExecuteAsync("UPDATE idempotency_keys SET claim_id = gen_random_uuid() WHERE org_id = @OrgId AND idempotency_key = 'taken over'", tenant);

            Assert.False(await execution.Store.CompleteAsync(claim, "outcome", Retention, TestContext.Current.CancellationToken));
        }

        Assert.Null(await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value));
        Assert.Null(await OutcomeAsync(tenant, "taken over"));
    }

    /// <summary>
    /// As when the process dies between the write and the record of its outcome: nothing is
    /// committed, and the claim holds the key until its lease ends (or it is released).
    /// </summary>
    [Fact]
    public async Task An_execution_left_unfinished_commits_nothing_and_its_claim_still_holds_the_key()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var claim = await ClaimAsync(tenant, "unfinished");
        var influencer = NewInfluencer(tenant);

        await using (var execution = new Execution(fixture))
        {
            await execution.Influencers.AddAsync(influencer, TestContext.Current.CancellationToken);
        }

        Assert.Null(await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value));
        var holder = Assert.IsType<IdempotencyRecord>(
            await Store.ClaimAsync(tenant.Org.Id, "unfinished", Hash("unfinished"), Lease, TestContext.Current.CancellationToken));
        Assert.Null(holder.Outcome);

        await Store.ReleaseAsync(claim, TestContext.Current.CancellationToken);
        Assert.IsType<IdempotencyClaim>(await Store.ClaimAsync(tenant.Org.Id, "unfinished", Hash("unfinished"), Lease, TestContext.Current.CancellationToken));
    }

    /// <summary>
    /// The behavior releases the claim of a request that gave up while its outcome was being
    /// committed: the release waits for that commit, keeps the outcome it recorded, and frees the
    /// key when it was rolled back instead.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_release_sent_during_the_commit_of_the_outcome_frees_the_key_only_if_that_commit_failed(bool commits)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var claim = await ClaimAsync(tenant, "in doubt");
        await using var recording = await fixture.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var transaction = await recording.BeginTransactionAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, await recording.ExecuteAsync(
            "UPDATE idempotency_keys SET outcome = 'outcome' WHERE org_id = @OrgId AND idempotency_key = 'in doubt'",
            new { OrgId = tenant.Org.Id.Value },
            transaction));

        var release = Store.ReleaseAsync(claim, TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(release.IsCompleted);
        await (commits ? transaction.CommitAsync(TestContext.Current.CancellationToken) : transaction.RollbackAsync(TestContext.Current.CancellationToken));
        await release;

        var holder = await Store.ClaimAsync(tenant.Org.Id, "in doubt", Hash("in doubt"), Lease, TestContext.Current.CancellationToken);
        if (commits)
        {
            Assert.Equal("outcome", Assert.IsType<IdempotencyRecord>(holder).Outcome);
        }
        else
        {
            Assert.IsType<IdempotencyClaim>(holder);
        }
    }

    private static byte[] Hash(string request) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(request));

    private static Influencer NewInfluencer(Tenant tenant) => Influencer.Create(
        InfluencerId.New(),
        tenant.Org.Id,
        tenant.Project.Id,
        InfluencerName.Create("Mia"),
        Gender.Female,
        null,
        BrandVoice.Warm,
        LanguageTag.Create("en"),
        DateTimeOffset.UtcNow);

    private async Task<IdempotencyClaim> ClaimAsync(Tenant tenant, string key) =>
        Assert.IsType<IdempotencyClaim>(await Store.ClaimAsync(tenant.Org.Id, key, Hash(key), Lease, TestContext.Current.CancellationToken));

    private async Task ExecuteAsync(string sql, Tenant tenant)
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, await connection.ExecuteAsync(sql, new { OrgId = tenant.Org.Id.Value }));
    }

    private async Task<string?> OutcomeAsync(Tenant tenant, string key)
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<string?>(
            "SELECT outcome FROM idempotency_keys WHERE org_id = @OrgId AND idempotency_key = @Key", new { OrgId = tenant.Org.Id.Value, Key = key });
    }

    /// <summary>An execution as IdempotencyBehavior runs it: a request's scope, its transaction begun.</summary>
    private sealed class Execution : IAsyncDisposable
    {
        private readonly AsyncServiceScope scope;

        public Execution(LayersFixture fixture)
        {
            scope = fixture.Services.CreateAsyncScope();
            UnitOfWork.Begin();
        }

        public IUnitOfWork UnitOfWork => scope.ServiceProvider.GetRequiredService<IUnitOfWork>();

        public IIdempotencyStore Store => scope.ServiceProvider.GetRequiredService<IIdempotencyStore>();

        public IInfluencerRepository Influencers => scope.ServiceProvider.GetRequiredService<IInfluencerRepository>();

        public async ValueTask DisposeAsync()
        {
            await UnitOfWork.EndAsync();
            await scope.DisposeAsync();
        }
    }
}
