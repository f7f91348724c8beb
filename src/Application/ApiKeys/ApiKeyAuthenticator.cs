using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Layers.Application.Common.Security;

namespace Layers.Application.ApiKeys;

/// <summary>Turns an <c>Authorization</c> header into the caller's identity.</summary>
public sealed class ApiKeyAuthenticator(IApiKeyRepository keys)
{
    // Compared against when the key id is unknown, so unknown ids and wrong secrets do the same work.
    private static readonly byte[] UnknownKeyHash = RandomNumberGenerator.GetBytes(SHA256.HashSizeInBytes);

    private static readonly Task<ApiKeyAuthentication> MissingTask = Task.FromResult(ApiKeyAuthentication.Missing);
    private static readonly Task<ApiKeyAuthentication> RejectedTask = Task.FromResult(ApiKeyAuthentication.Rejected);
    private static readonly Task<ApiKeyAuthentication> DeferredTask = Task.FromResult(ApiKeyAuthentication.Deferred);

    // A key in memory authenticates as the same caller every time: its answer is built once per
    // stored key (a changed key is a new instance) and dropped with it. Static: the authenticator
    // is scoped (its repository uses the scope's unit of work) and the answer outlives a request.
    private static readonly ConditionalWeakTable<StoredApiKey, Task<ApiKeyAuthentication>> Answers = new();

    /// <param name="mayQueryDatabase">
    /// Asked only for a key id that is not in memory: false when the caller may not spend a
    /// database lookup on it (its budget for failed attempts is spent), and the id is then
    /// <see cref="ApiKeyAuthenticationStatus.Deferred"/>. A key in memory never asks.
    /// </param>
    public Task<ApiKeyAuthentication> AuthenticateAsync(string? authorization, Func<bool> mayQueryDatabase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mayQueryDatabase);
        if (!ApiKeyToken.TryParseAuthorization(authorization, out var keyId, out var secret))
        {
            return MissingTask;
        }

        Span<byte> presentedHash = stackalloc byte[SHA256.HashSizeInBytes];
        ApiKeyToken.HashSecret(secret, presentedHash);
        if (keys.TryFindInMemory(keyId, out var stored))
        {
            return Verifies(stored, presentedHash) ? Answers.GetValue(stored!, Authenticated) : RejectedTask;
        }

        return mayQueryDatabase() ? LookUpAsync(keyId, presentedHash.ToArray(), cancellationToken) : DeferredTask;
    }

    private static Task<ApiKeyAuthentication> Authenticated(StoredApiKey stored) =>
        Task.FromResult(ApiKeyAuthentication.Authenticated(new CallerIdentity(stored.OrgId, stored.KeyId, stored.ScopeSet)));

    // Constant time, so response timing reveals neither whether the id exists nor how much matched.
    private static bool Verifies([NotNullWhen(true)] StoredApiKey? stored, ReadOnlySpan<byte> presentedHash)
    {
        var matches = CryptographicOperations.FixedTimeEquals(presentedHash, stored is null ? UnknownKeyHash : stored.SecretHash.Span);
        return stored is not null && matches && !stored.IsRevoked;
    }

    private async Task<ApiKeyAuthentication> LookUpAsync(string keyId, byte[] presentedHash, CancellationToken cancellationToken)
    {
        var stored = await keys.FindAsync(keyId, cancellationToken).ConfigureAwait(false);
        return Verifies(stored, presentedHash) ? await Answers.GetValue(stored, Authenticated).ConfigureAwait(false) : ApiKeyAuthentication.Rejected;
    }
}

public enum ApiKeyAuthenticationStatus
{
    /// <summary>No key, or not one of ours in form: nothing was looked up.</summary>
    Missing,

    /// <summary>A well-formed key that is unknown, revoked or has the wrong secret.</summary>
    Rejected,

    /// <summary>Not in memory, and the caller may not spend a database lookup now.</summary>
    Deferred,

    Authenticated,
}

public sealed record ApiKeyAuthentication(ApiKeyAuthenticationStatus Status, CallerIdentity? Identity)
{
    public static ApiKeyAuthentication Missing { get; } = new(ApiKeyAuthenticationStatus.Missing, null);

    public static ApiKeyAuthentication Rejected { get; } = new(ApiKeyAuthenticationStatus.Rejected, null);

    public static ApiKeyAuthentication Deferred { get; } = new(ApiKeyAuthenticationStatus.Deferred, null);

    public static ApiKeyAuthentication Authenticated(CallerIdentity identity) => new(ApiKeyAuthenticationStatus.Authenticated, identity);
}
