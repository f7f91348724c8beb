using System.Security.Claims;
using Layers.Api.Observability;
using Layers.Api.RateLimiting;
using Layers.Api.Security;
using Layers.Application.ApiKeys;
using Layers.Application.Common.Security;
using Layers.Domain.Organizations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Layers.Api.Tests.Security;

/// <summary>The <c>ApiKey</c> scheme on its own, over a key store in memory.</summary>
public sealed class ApiKeyAuthenticationHandlerTests : IDisposable
{
    private static readonly OrgId Org = new(Guid.Parse("0a0a0a0a-1111-4222-8333-444455556666"));

    private readonly (string Token, string KeyId, byte[] SecretHash) key = ApiKeyToken.Generate();
    private readonly OneKey repository;
    private readonly ServiceProvider services;

    public ApiKeyAuthenticationHandlerTests()
    {
        repository = new OneKey(new StoredApiKey(key.KeyId, Org, "ci", [Scopes.InfluencersRead, Scopes.InfluencersWrite], key.SecretHash, DateTimeOffset.UtcNow, null));
        services = new ServiceCollection()
            .AddLogging()
            .AddApiKeySecurity()
            .AddSingleton<IApiKeyRepository>(repository)
            .AddSingleton<ApiKeyAuthenticator>()
            .AddSingleton(new FailedAuthenticationBudget(Options.Create(new RateLimitingOptions()), new RateLimitBuckets()))
            .AddMetrics()
            .AddSingleton<ApiMetrics>()
            .BuildServiceProvider();
    }

    public void Dispose() => services.Dispose();

    [Fact]
    public async Task A_verified_key_yields_a_principal_with_its_org_key_id_and_scopes()
    {
        var result = await AuthenticateAsync($"Bearer {key.Token}");

        Assert.True(result.Succeeded);
        var identity = Assert.Single(result.Principal.Identities);
        Assert.True(identity.IsAuthenticated);
        Assert.Equal("ApiKey", identity.AuthenticationType);
        Assert.Equal(
            [("key_id", key.KeyId), ("org_id", Org.ToString()), ("scope", "influencers:read"), ("scope", "influencers:write")],
            identity.Claims.Select(claim => (claim.Type, claim.Value)).Order());
        Assert.Equal(key.KeyId, identity.Name);
    }

    [Fact]
    public async Task The_principal_names_the_caller_the_application_sees()
    {
        var result = await AuthenticateAsync($"Bearer {key.Token}");

        var caller = ApiKeyClaims.Caller(result.Principal);

        Assert.NotNull(caller);
        Assert.Equal(Org, caller.OrgId);
        Assert.Equal(key.KeyId, caller.KeyId);
        Assert.Equal(["influencers:read", "influencers:write"], caller.Scopes.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer lyr_abcdefghijklmnop_abcdefghijklmnopqrstuvwxyz234567")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task No_principal_without_a_verified_key(string? authorization)
    {
        var result = await AuthenticateAsync(authorization);

        Assert.Null(result.Principal);
        Assert.Null(ApiKeyClaims.Caller(new ClaimsPrincipal(new ClaimsIdentity())));
    }

    [Fact]
    public async Task A_request_is_authenticated_once_however_often_it_is_asked()
    {
        var context = Context($"Bearer {key.Token}");

        var first = await context.AuthenticateAsync(ApiKeySecurity.Scheme);
        var second = await context.AuthenticateAsync(ApiKeySecurity.Scheme);

        Assert.True(second.Succeeded);
        Assert.Same(first.Principal, second.Principal);
        Assert.Equal(1, repository.Lookups);
    }

    private Task<AuthenticateResult> AuthenticateAsync(string? authorization) =>
        Context(authorization).AuthenticateAsync(ApiKeySecurity.Scheme);

    private DefaultHttpContext Context(string? authorization)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context;
    }

    private sealed class OneKey(StoredApiKey stored) : IApiKeyRepository
    {
        private int lookups;

        public int Lookups => lookups;

        public Task<StoredApiKey?> FindAsync(string keyId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref lookups);
            return Task.FromResult(keyId == stored.KeyId ? stored : null);
        }

        public bool TryFindInMemory(string keyId, out StoredApiKey? key)
        {
            key = null;
            return false;
        }

        public Task AddAsync(StoredApiKey key, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<StoredApiKey>> ListAsync(OrgId orgId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> RevokeAsync(string keyId, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
