using Layers.Application.ApiKeys;
using Layers.Application.Common.Security;
using Layers.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Layers.IntegrationTests.Persistence;

public sealed class ApiKeyRepositoryTests(LayersFixture fixture)
{
    [Fact]
    public async Task A_key_id_already_used_by_another_org_is_refused()
    {
        var first = await Tenant.CreateAsync(fixture);
        var second = await Tenant.CreateAsync(fixture);
        var keys = fixture.Services.GetRequiredService<IApiKeyRepository>();
        var (_, keyId, hash) = ApiKeyToken.Generate();
        await keys.AddAsync(new StoredApiKey(keyId, first.Org.Id, "first", Scopes.All, hash, DateTimeOffset.UtcNow, null), CancellationToken.None);

        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            keys.AddAsync(new StoredApiKey(keyId, second.Org.Id, "second", Scopes.All, hash, DateTimeOffset.UtcNow, null), CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, refused.SqlState);
        Assert.Equal("api_keys_key_id", refused.ConstraintName);
        var found = await keys.FindAsync(keyId, CancellationToken.None);
        Assert.Equal(first.Org.Id, found?.OrgId);
    }
}
