using Layers.Application.Common.Behaviors;
using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Idempotency;
using Layers.Application.Common.Persistence;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Commands.CreateInfluencer;
using Layers.Application.Tests.Support;
using Layers.Domain.Influencers;

using Microsoft.Extensions.Logging.Abstractions;

using NSubstitute;

namespace Layers.Application.Tests.Common.Behaviors;

public sealed class IdempotencyBehaviorTests
{
    private static readonly byte[] Hash = [.. Enumerable.Repeat((byte)7, 32)];
    private static readonly IdempotencyClaim Claim = new(Callers.Org, "key-1", Guid.Parse("c1a1c1a1-0000-4000-8000-000000000001"));

    private readonly IIdempotencyStore store = Substitute.For<IIdempotencyStore>();
    private readonly IIdempotentResultFormat format = Substitute.For<IIdempotentResultFormat>();
    private readonly IUnitOfWork unitOfWork = Substitute.For<IUnitOfWork>();
    private readonly InfluencerResponse created = TestInfluencers.Mapper.Map<InfluencerResponse>(TestInfluencers.Stored());
    private readonly IdempotencyKey key = new("key-1", Hash);
    private int nextCalls;

    private Task<InfluencerResponse> SendAsync(CreateInfluencerCommand command, Func<Task<InfluencerResponse>>? handler = null) =>
        new IdempotencyBehavior<CreateInfluencerCommand, InfluencerResponse>(store, format, unitOfWork, Callers.Writer(), NullLogger<IdempotencyBehavior<CreateInfluencerCommand, InfluencerResponse>>.Instance).Handle(
            command,
            TestContext.Current.CancellationToken,
            () =>
            {
                nextCalls++;
                return handler is null ? Task.FromResult(created) : handler();
            });

    private CreateInfluencerCommand Command() => new CreateInfluencerCommand(TestInfluencers.Project, InfluencerName.Create("Ava Chen"), Gender.Female) { IdempotencyKey = key };

    private void Claims(IdempotencyClaimResult result) =>
        store.ClaimAsync(Callers.Org, "key-1", Arg.Is<byte[]>(hash => hash.SequenceEqual(Hash)), IdempotencyKey.Lease, Arg.Any<CancellationToken>()).Returns(result);

    [Fact]
    public async Task A_command_without_a_key_runs_without_the_store()
    {
        var response = await SendAsync(Command() with { IdempotencyKey = null });

        Assert.Same(created, response);
        Assert.Empty(store.ReceivedCalls());
        Assert.Empty(unitOfWork.ReceivedCalls());
    }

    [Fact]
    public async Task A_first_execution_records_its_result_in_its_transaction_before_the_commit()
    {
        Claims(Claim);
        format.Write(created).Returns("recorded");
        store.CompleteAsync(Claim, "recorded", IdempotencyKey.Retention, Arg.Any<CancellationToken>()).Returns(true);

        var response = await SendAsync(Command());

        Assert.Same(created, response);
        Assert.False(key.Replayed);
        Received.InOrder(() =>
        {
            unitOfWork.Begin();
            store.CompleteAsync(Claim, "recorded", IdempotencyKey.Retention, Arg.Any<CancellationToken>());
            unitOfWork.CommitAsync(Arg.Any<CancellationToken>());
            unitOfWork.EndAsync();
        });
        await store.DidNotReceive().ReleaseAsync(Arg.Any<IdempotencyClaim>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_retry_of_the_same_request_answers_the_recorded_result_as_replayed_without_running()
    {
        var recorded = created with { Name = "Recorded" };
        Claims(new IdempotencyRecord(Hash, "recorded"));
        format.Read<InfluencerResponse>("recorded").Returns(recorded);

        var response = await SendAsync(Command());

        Assert.Same(recorded, response);
        Assert.True(key.Replayed);
        Assert.Equal(0, nextCalls);
        Assert.Empty(unitOfWork.ReceivedCalls());
    }

    [Fact]
    public async Task A_key_recorded_for_another_request_is_refused_as_reused()
    {
        Claims(new IdempotencyRecord([.. Enumerable.Repeat((byte)8, 32)], "recorded"));

        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => SendAsync(Command()));

        Assert.Equal(0, nextCalls);
        Assert.Empty(format.ReceivedCalls());
    }

    [Fact]
    public async Task A_key_still_in_progress_is_refused_whatever_its_request()
    {
        Claims(new IdempotencyRecord([.. Enumerable.Repeat((byte)8, 32)], null));

        await Assert.ThrowsAsync<IdempotencyKeyInProgressException>(() => SendAsync(Command()));

        Assert.Equal(0, nextCalls);
        Assert.Empty(unitOfWork.ReceivedCalls());
    }

    [Fact]
    public async Task A_failed_execution_records_nothing_commits_nothing_and_releases_its_claim()
    {
        Claims(Claim);

        await Assert.ThrowsAsync<NotFoundException>(() => SendAsync(Command(), () => throw new NotFoundException("gone")));

        await store.DidNotReceive().CompleteAsync(Arg.Any<IdempotencyClaim>(), Arg.Any<string>(), Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>());
        await unitOfWork.DidNotReceive().CommitAsync(Arg.Any<CancellationToken>());
        await unitOfWork.Received(1).EndAsync();
        await store.Received(1).ReleaseAsync(Claim, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task An_execution_whose_claim_was_taken_over_commits_nothing_and_is_refused_as_in_progress()
    {
        Claims(Claim);
        format.Write(created).Returns("recorded");
        store.CompleteAsync(Claim, "recorded", IdempotencyKey.Retention, Arg.Any<CancellationToken>()).Returns(false);

        await Assert.ThrowsAsync<IdempotencyKeyInProgressException>(() => SendAsync(Command()));

        await unitOfWork.DidNotReceive().CommitAsync(Arg.Any<CancellationToken>());
        await unitOfWork.Received(1).EndAsync();
        await store.DidNotReceive().ReleaseAsync(Arg.Any<IdempotencyClaim>(), Arg.Any<CancellationToken>());
    }
}
