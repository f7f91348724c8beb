using System.Buffers;
using System.Collections.Frozen;
using System.Text.Json;
using AutoMapper;
using BenchmarkDotNet.Attributes;
using Layers.Api.Binding;
using Layers.Application;
using Layers.Application.ApiKeys;
using Layers.Application.Common.Persistence;
using Layers.Application.Common.Security;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Commands.PatchInfluencer;
using Layers.Domain.Influencers;
using Layers.Domain.Organizations;
using Layers.Domain.Projects;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Layers.Bench.Micro;

/// <summary>
/// The API's in-process work for one PATCH of one field, step by step and as a whole, with the
/// database replaced by an in-memory repository: what is left is the cost of the layers.
/// </summary>
[MemoryDiagnoser]
public class PatchPathBenchmarks
{
    private static readonly InfluencerId Id = new(Guid.Parse("00000000-0000-4000-8000-000000100001"));
    private const string Authorization = "Bearer lyr_abcdefghijklmnop_abcdefghijklmnopqrstuvwxyz234567";

    private static readonly byte[] Body = """{"brandVoice":"casual"}"""u8.ToArray();

    private readonly ArrayBufferWriter<byte> output = new(1024);
    private ServiceProvider? provider;
    private JsonObjectBody? parsedBody;
    private InfluencerResponse? response;
    private Influencer? stored;
    private ApiKeyAuthenticator? authenticator;
    private IMapper? mapper;
    private PatchInfluencerCommand? command;
    private PatchInfluencerCommandValidator? validator;
    private PatchInfluencerCommandHandler? handler;

    [GlobalSetup]
    public void Setup()
    {
        var repository = new InMemoryInfluencerRepository();
        var services = new ServiceCollection().AddApplication();
        services.AddSingleton<IInfluencerRepository>(repository);
        services.AddSingleton<IUnitOfWork, NoTransactions>();
        services.AddSingleton<ICurrentCaller>(new FixedCaller(new CallerIdentity(
            InMemoryInfluencerRepository.Org, "abcdefghijklmnop", Scopes.All.ToFrozenSet(StringComparer.Ordinal))));
        services.AddSingleton<IApiKeyRepository>(new InMemoryApiKeyRepository(InMemoryInfluencerRepository.Org, "abcdefghijklmnopqrstuvwxyz234567"));
        provider = services.BuildServiceProvider();
        authenticator = ActivatorUtilities.CreateInstance<ApiKeyAuthenticator>(provider);
        mapper = provider.GetRequiredService<IMapper>();
        parsedBody = JsonBodyReader.Parse(Body);
        stored = InMemoryInfluencerRepository.Stored();
        command = InfluencerBodies.ToPatchCommand(parsedBody, Id, precondition: null);
        validator = new PatchInfluencerCommandValidator();
        handler = new PatchInfluencerCommandHandler(repository, provider.GetRequiredService<ICurrentCaller>(), TimeProvider.System, mapper);

        // A benchmark that measured a failure path would report nonsense: check the path once.
        response = SendAsync().GetAwaiter().GetResult();
        if (response is not { BrandVoice: "casual", Version: 4 } || AuthenticateAsync().GetAwaiter().GetResult() is null)
        {
            throw new InvalidOperationException("The PATCH path did not succeed.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => provider?.Dispose();

    /// <summary>JsonBodyReader.Parse: UTF-8 bytes to the body the command is read from.</summary>
    [Benchmark]
    public JsonObjectBody ParseBody() => JsonBodyReader.Parse(Body);

    /// <summary>ApiKeyAuthenticator with the key found in memory (the API's key cache).</summary>
    [Benchmark]
    public async Task<CallerIdentity?> AuthenticateAsync() =>
        (await authenticator!.AuthenticateAsync(Authorization, mayQueryDatabase: static () => true, CancellationToken.None).ConfigureAwait(false)).Identity;

    /// <summary>
    /// A request scope, then authorization, validation and the handler through MediatR, as the
    /// controller sends the command (the handler's AutoMapper map included).
    /// </summary>
    [Benchmark]
    public async Task<InfluencerResponse> SendAsync()
    {
        await using var scope = provider!.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(InfluencerBodies.ToPatchCommand(parsedBody!, Id, precondition: null), CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>FluentValidation's judgement alone, with a validator built beforehand.</summary>
    [Benchmark]
    public Task<FluentValidation.Results.ValidationResult> ValidateAsync() => validator!.ValidateAsync(command!);

    /// <summary>The handler alone (find, apply, save, map), without MediatR, scope or behaviors.</summary>
    [Benchmark]
    public Task<InfluencerResponse> HandleAsync() => handler!.Handle(command!, CancellationToken.None);

    /// <summary>AutoMapper alone: the aggregate to the response record.</summary>
    [Benchmark]
    public InfluencerResponse Map() => mapper!.Map<InfluencerResponse>(stored);

    /// <summary>The response as MVC's JSON formatter writes it, with the API's options.</summary>
    [Benchmark]
    public int Serialize()
    {
        output.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(output);
        JsonSerializer.Serialize(writer, response, ApiJson.Options);
        return output.WrittenCount;
    }

    /// <summary>The body read into a typed command (values parsed once, wire errors collected).</summary>
    [Benchmark]
    public PatchInfluencerCommand ToCommand() => InfluencerBodies.ToPatchCommand(parsedBody!, Id, precondition: null);

    /// <summary>All of it in sequence: parse, authenticate, read the command, send, serialize.</summary>
    [Benchmark]
    public async Task<int> WholePathAsync()
    {
        var body = JsonBodyReader.Parse(Body);
        _ = await authenticator!.AuthenticateAsync(Authorization, mayQueryDatabase: static () => true, CancellationToken.None).ConfigureAwait(false);
        await using var scope = provider!.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(InfluencerBodies.ToPatchCommand(body, Id, precondition: null), CancellationToken.None).ConfigureAwait(false);
        output.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(output);
        JsonSerializer.Serialize(writer, result, ApiJson.Options);
        return output.WrittenCount;
    }

    // A PATCH is one statement and begins no transaction; the pipeline still asks for the unit of work.
    private sealed class NoTransactions : IUnitOfWork
    {
        public bool HasActiveTransaction => false;

        public void Begin() => throw new InvalidOperationException("A PATCH begins no transaction.");

        public Task CommitAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("A PATCH commits no transaction.");

        public Task EndAsync() => Task.CompletedTask;
    }

    private sealed class FixedCaller(CallerIdentity identity) : ICurrentCaller
    {
        public CallerIdentity? Identity => identity;
    }

    /// <summary>
    /// One influencer, handed out fresh on every read as the real repository materialises a row;
    /// a save returns the aggregate as the row would come back, one version later.
    /// </summary>
    private sealed class InMemoryInfluencerRepository : IInfluencerRepository
    {
        public static readonly OrgId Org = new(Guid.Parse("0a0a0a0a-1111-4222-8333-444455556666"));
        private static readonly InfluencerId Id = new(Guid.Parse("00000000-0000-4000-8000-000000100001"));
        private static readonly ProjectId Project = new(Guid.Parse("0b7e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e"));
        private static readonly DateTimeOffset CreatedAt = new(2026, 4, 1, 14, 22, 10, TimeSpan.Zero);

        public static Influencer Stored() => Influencer.Restore(
            Id, Org, Project, InfluencerName.Create("Ava Chen"), Gender.Female, AgeRange.YoungAdult, BrandVoice.Authentic,
            LanguageTag.Create("en"), InfluencerStatus.Ready, CreatedAt, CreatedAt, deletedAt: null, version: 3);

        public Task<Influencer?> FindAsync(OrgId orgId, InfluencerId id, CancellationToken cancellationToken) =>
            Task.FromResult<Influencer?>(orgId == Org && id == Id ? Stored() : null);

        public Task AddAsync(Influencer influencer, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Influencer>> ListAsync(OrgId orgId, ProjectId? projectId, InfluencerListPosition? after, int count, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<Influencer?> SaveChangesAsync(Influencer influencer, long? expectedVersion, CancellationToken cancellationToken) =>
            Task.FromResult<Influencer?>(Influencer.Restore(
                influencer.Id, influencer.OrgId, influencer.ProjectId, influencer.Name, influencer.Gender, influencer.AgeRange,
                influencer.BrandVoice, influencer.Language, influencer.Status, influencer.CreatedAt, influencer.UpdatedAt,
                influencer.DeletedAt, influencer.Version + 1));
    }

    /// <summary>One key with every scope, as the API's key cache returns it.</summary>
    private sealed class InMemoryApiKeyRepository(OrgId org, string secret) : IApiKeyRepository
    {
        private readonly StoredApiKey key = new(
            "abcdefghijklmnop", org, "bench", Scopes.All, ApiKeyToken.HashSecret(secret), DateTimeOffset.UnixEpoch, RevokedAt: null);

        public Task<StoredApiKey?> FindAsync(string keyId, CancellationToken cancellationToken) =>
            Task.FromResult(keyId == key.KeyId ? key : null);

        public bool TryFindInMemory(string keyId, out StoredApiKey? found)
        {
            found = keyId == key.KeyId ? key : null;
            return true;
        }

        public Task AddAsync(StoredApiKey key, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<StoredApiKey>> ListAsync(OrgId orgId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> RevokeAsync(string keyId, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
