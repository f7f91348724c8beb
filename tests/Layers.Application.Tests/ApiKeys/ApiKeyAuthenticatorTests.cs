using Layers.Application.ApiKeys;
using Layers.Application.Common.Security;
using Layers.Application.Tests.Support;

using NSubstitute;

namespace Layers.Application.Tests.ApiKeys;

public class ApiKeyAuthenticatorTests
{
    private static readonly DateTimeOffset CreatedAt = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly IApiKeyRepository keys = Substitute.For<IApiKeyRepository>();
    private readonly string token;
    private readonly string keyId;

    public ApiKeyAuthenticatorTests()
    {
        (token, keyId, var secretHash) = ApiKeyToken.Generate();
        keys.FindAsync(keyId, Arg.Any<CancellationToken>()).Returns(Stored(secretHash, revokedAt: null));
    }

    private StoredApiKey Stored(byte[] secretHash, DateTimeOffset? revokedAt) =>
        new(keyId, Callers.Org, "ci", [Scopes.InfluencersRead], secretHash, CreatedAt, revokedAt);

    private async Task<CallerIdentity?> AuthenticateAsync(string? authorization) =>
        (await new ApiKeyAuthenticator(keys).AuthenticateAsync(authorization, mayQueryDatabase: static () => true, TestContext.Current.CancellationToken)).Identity;

    [Theory]
    [InlineData("Bearer ")]
    [InlineData("bearer ")]
    [InlineData("BEARER  ")]
    public async Task A_valid_key_authenticates_as_its_org_with_its_scopes(string scheme)
    {
        var identity = await AuthenticateAsync(scheme + token);

        Assert.NotNull(identity);
        Assert.Equal(Callers.Org, identity.OrgId);
        Assert.Equal(keyId, identity.KeyId);
        Assert.Equal([Scopes.InfluencersRead], identity.Scopes);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer lyr_not_a_key")]
    public async Task A_missing_or_malformed_header_is_not_authenticated_and_not_looked_up(string? authorization)
    {
        Assert.Null(await AuthenticateAsync(authorization));
        Assert.Empty(keys.ReceivedCalls());
    }

    [Fact]
    public async Task Another_scheme_is_not_authenticated()
    {
        Assert.Null(await AuthenticateAsync("Basic " + token));
        Assert.Null(await AuthenticateAsync(token));
        Assert.Empty(keys.ReceivedCalls());
    }

    [Fact]
    public async Task An_unknown_key_id_is_not_authenticated()
    {
        var (otherToken, otherKeyId, _) = ApiKeyToken.Generate();

        Assert.Null(await AuthenticateAsync("Bearer " + otherToken));
        await keys.Received(1).FindAsync(otherKeyId, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_wrong_secret_for_a_known_key_id_is_not_authenticated()
    {
        var wrongSecret = string.Concat(token.AsSpan(0, 21), new string('a', ApiKeyToken.SecretLength));

        Assert.Null(await AuthenticateAsync("Bearer " + wrongSecret));
        await keys.Received(1).FindAsync(keyId, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_revoked_key_is_not_authenticated()
    {
        keys.FindAsync(keyId, Arg.Any<CancellationToken>())
            .Returns(Stored(ApiKeyToken.HashSecret(token.AsSpan(21)), revokedAt: CreatedAt.AddDays(1)));

        Assert.Null(await AuthenticateAsync("Bearer " + token));
    }

    [Fact]
    public async Task A_key_known_in_memory_is_not_looked_up_and_does_not_ask_for_the_lookup_budget()
    {
        keys.TryFindInMemory(keyId, out Arg.Any<StoredApiKey?>())
            .Returns(call =>
            {
                call[1] = Stored(ApiKeyToken.HashSecret(token.AsSpan(21)), revokedAt: null);
                return true;
            });

        var asked = 0;

        var result = await new ApiKeyAuthenticator(keys).AuthenticateAsync("Bearer " + token, () => ++asked > 0, TestContext.Current.CancellationToken);

        Assert.Equal(ApiKeyAuthenticationStatus.Authenticated, result.Status);
        await keys.DidNotReceiveWithAnyArgs().FindAsync(default!, TestContext.Current.CancellationToken);
        Assert.Equal(0, asked);
    }

    [Fact]
    public async Task An_id_known_in_memory_to_be_absent_is_rejected_without_a_lookup()
    {
        keys.TryFindInMemory(keyId, out Arg.Any<StoredApiKey?>())
            .Returns(call =>
            {
                call[1] = null;
                return true;
            });

        var result = await new ApiKeyAuthenticator(keys).AuthenticateAsync("Bearer " + token, mayQueryDatabase: static () => true, TestContext.Current.CancellationToken);

        Assert.Equal(ApiKeyAuthenticationStatus.Rejected, result.Status);
        await keys.DidNotReceiveWithAnyArgs().FindAsync(default!, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task An_id_not_in_memory_is_deferred_without_a_lookup_when_the_database_may_not_be_queried()
    {
        var result = await new ApiKeyAuthenticator(keys).AuthenticateAsync("Bearer " + token, mayQueryDatabase: static () => false, TestContext.Current.CancellationToken);

        Assert.Equal(ApiKeyAuthentication.Deferred, result);
        await keys.DidNotReceiveWithAnyArgs().FindAsync(default!, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_malformed_header_is_missing_even_when_the_database_may_not_be_queried()
    {
        var result = await new ApiKeyAuthenticator(keys).AuthenticateAsync("Bearer lyr_not_a_key", mayQueryDatabase: static () => false, TestContext.Current.CancellationToken);

        Assert.Equal(ApiKeyAuthentication.Missing, result);
    }
}
