using Layers.Application.ApiKeys;
using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Idempotency;
using Layers.Application.Common.Input;
using Layers.Application.Common.Paging;
using Layers.Application.Common.Persistence;
using Layers.Application.Common.Security;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Commands.CreateInfluencer;
using Layers.Application.Influencers.Commands.PatchInfluencer;
using Layers.Application.Organizations;
using Layers.Application.Projects;
using Layers.Application.Tests.Support;
using Layers.Domain.Influencers;
using Layers.Domain.Organizations;

using MediatR;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using NSubstitute;

namespace Layers.Application.Tests.Common.Behaviors;

/// <summary>The behaviors in the order AddApplication registers them, in front of the real handlers.</summary>
public sealed class PipelineTests : IDisposable
{
    private readonly IInfluencerRepository influencers = Substitute.For<IInfluencerRepository>();
    private readonly IProjectRepository projects = Substitute.For<IProjectRepository>();
    private readonly IApiKeyRepository apiKeys = Substitute.For<IApiKeyRepository>();
    private readonly IOrgRepository orgs = Substitute.For<IOrgRepository>();
    private readonly ICursorSigningKey cursorSigningKey = Substitute.For<ICursorSigningKey>();
    private readonly IUnitOfWork unitOfWork = Substitute.For<IUnitOfWork>();
    private readonly IIdempotencyStore idempotencyStore = Substitute.For<IIdempotencyStore>();
    private ServiceProvider? provider;

    // A patch wrong both in its input (as its caller found) and by the validator's rules.
    private static readonly PatchInfluencerCommand InvalidPatch = new PatchInfluencerCommand(TestInfluencers.Id) with
    {
        Gender = (Gender?)null,
        InputErrors = InputErrors.Of([], [new("nickname", "Unrecognized field.")]),
    };

    private async Task<InfluencerResponse> SendAsync(ICurrentCaller caller, IRequest<InfluencerResponse> command)
    {
        var services = new ServiceCollection().AddApplication();
        services.AddSingleton(influencers);
        services.AddSingleton(projects);
        services.AddSingleton(apiKeys);
        services.AddSingleton(orgs);
        services.AddSingleton(cursorSigningKey);
        services.AddSingleton(unitOfWork);
        services.AddSingleton(idempotencyStore);
        services.AddSingleton(Substitute.For<IIdempotentResultFormat>());
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(caller);
        provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await using var scope = provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, TestContext.Current.CancellationToken);
    }

    public void Dispose() => provider?.Dispose();

    [Fact]
    public async Task A_read_only_key_is_forbidden_before_the_body_is_validated()
    {
        var exception = await Assert.ThrowsAsync<ForbiddenScopeException>(() =>
            SendAsync(Callers.Reader(), InvalidPatch));

        Assert.Equal("This API key lacks the 'influencers:write' scope.", exception.Message);
        Assert.Empty(influencers.ReceivedCalls());
    }

    [Fact]
    public async Task An_unauthenticated_caller_is_refused_before_its_input_is_judged()
    {
        await Assert.ThrowsAsync<UnauthenticatedException>(() =>
            SendAsync(Callers.Anonymous(), InvalidPatch));

        Assert.Empty(influencers.ReceivedCalls());
    }

    [Fact]
    public async Task A_writer_with_an_invalid_body_gets_every_problem_and_the_handler_never_runs()
    {
        var exception = await Assert.ThrowsAsync<RequestValidationException>(() =>
            SendAsync(Callers.Writer(), InvalidPatch));

        Assert.Empty(exception.FormErrors);
        Assert.Equal(["Unrecognized field."], exception.FieldErrors["nickname"]);
        Assert.Equal(["Gender cannot be cleared."], exception.FieldErrors["gender"]);
        Assert.Equal(2, exception.FieldErrors.Count);
        Assert.Empty(influencers.ReceivedCalls());
    }

    [Fact]
    public async Task A_key_used_for_another_request_is_refused_before_the_body_is_validated()
    {
        idempotencyStore.ClaimAsync(Callers.Org, "key-1", Arg.Any<byte[]>(), Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>())
            .Returns(new IdempotencyRecord(new byte[32], "recorded"));
        var invalid = new CreateInfluencerCommand(null, null, null) { IdempotencyKey = new IdempotencyKey("key-1", [.. Enumerable.Repeat((byte)1, 32)]) };

        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => SendAsync(Callers.Writer(), invalid));

        Assert.Empty(projects.ReceivedCalls());
        Assert.Empty(influencers.ReceivedCalls());
    }

    [Fact]
    public async Task A_writer_with_a_valid_body_reaches_the_handler()
    {
        influencers.FindAsync(Callers.Org, TestInfluencers.Id, Arg.Any<CancellationToken>()).Returns(TestInfluencers.Stored());
        influencers.SaveChangesAsync(Arg.Any<Influencer>(), Arg.Any<long?>(), Arg.Any<CancellationToken>()).Returns(call => call.Arg<Influencer>());

        var response = await SendAsync(Callers.Writer(), new PatchInfluencerCommand(TestInfluencers.Id) { BrandVoice = BrandVoice.Warm });

        Assert.Equal("warm", response.BrandVoice);
        await influencers.Received(1).SaveChangesAsync(Arg.Any<Influencer>(), Arg.Is<long?>((long?)null), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_writer_patching_another_orgs_influencer_gets_not_found()
    {
        influencers.FindAsync(Arg.Any<OrgId>(), Arg.Any<InfluencerId>(), Arg.Any<CancellationToken>()).Returns((Influencer?)null);

        await Assert.ThrowsAsync<NotFoundException>(() =>
            SendAsync(Callers.Writer(), new PatchInfluencerCommand(TestInfluencers.Id) { Name = InfluencerName.Create("Mia") }));
    }

    private CreateInfluencerCommand ValidCreate()
    {
        projects.ExistsAsync(Callers.Org, TestInfluencers.Project, Arg.Any<CancellationToken>()).Returns(true);
        return new CreateInfluencerCommand(TestInfluencers.Project, InfluencerName.Create("Ava Chen"), Gender.Female);
    }

    [Fact]
    public async Task A_create_commits_after_its_handler_has_written()
    {
        await SendAsync(Callers.Writer(), ValidCreate());

        Received.InOrder(() =>
        {
            unitOfWork.Begin();
            influencers.AddAsync(Arg.Any<Influencer>(), Arg.Any<CancellationToken>());
            unitOfWork.CommitAsync(Arg.Any<CancellationToken>());
            unitOfWork.EndAsync();
        });
    }

    [Fact]
    public async Task A_create_whose_handler_fails_is_ended_without_a_commit()
    {
        influencers.AddAsync(Arg.Any<Influencer>(), Arg.Any<CancellationToken>()).Returns(Task.FromException(new TimeoutException("no answer")));

        await Assert.ThrowsAsync<TimeoutException>(() => SendAsync(Callers.Writer(), ValidCreate()));

        unitOfWork.Received(1).Begin();
        await unitOfWork.DidNotReceive().CommitAsync(Arg.Any<CancellationToken>());
        await unitOfWork.Received(1).EndAsync();
    }

    [Fact]
    public async Task A_create_inside_a_transaction_under_way_joins_it_and_leaves_the_commit_to_its_owner()
    {
        unitOfWork.HasActiveTransaction.Returns(true);

        await SendAsync(Callers.Writer(), ValidCreate());

        await influencers.Received(1).AddAsync(Arg.Any<Influencer>(), Arg.Any<CancellationToken>());
        unitOfWork.DidNotReceive().Begin();
        await unitOfWork.DidNotReceive().CommitAsync(Arg.Any<CancellationToken>());
        await unitOfWork.DidNotReceive().EndAsync();
    }

    [Fact]
    public async Task A_patch_writes_its_one_statement_without_a_transaction()
    {
        influencers.FindAsync(Callers.Org, TestInfluencers.Id, Arg.Any<CancellationToken>()).Returns(TestInfluencers.Stored());
        influencers.SaveChangesAsync(Arg.Any<Influencer>(), Arg.Any<long?>(), Arg.Any<CancellationToken>()).Returns(call => call.Arg<Influencer>());

        await SendAsync(Callers.Writer(), new PatchInfluencerCommand(TestInfluencers.Id) { BrandVoice = BrandVoice.Warm });

        Assert.Empty(unitOfWork.ReceivedCalls());
    }
}
