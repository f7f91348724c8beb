using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Persistence;

/// <summary>The rule that <see cref="TenantStatementTests"/> applies to every statement the application ran.</summary>
public sealed class TenantScopedSqlTests
{
    private static readonly HashSet<string> TenantTables = new(["influencers", "projects", "api_keys", "idempotency_keys"], StringComparer.Ordinal);

    [Theory]
    [InlineData("SELECT name FROM influencers WHERE org_id = @OrgId AND id = @Id AND deleted_at IS NULL")]
    [InlineData("UPDATE influencers SET name = $3, version = version + 1 WHERE org_id = $1 AND id = $2 RETURNING name")]
    [InlineData("DELETE FROM influencers WHERE org_id=@OrgId AND id=@Id")]
    [InlineData("SELECT EXISTS (SELECT 1 FROM projects WHERE org_id = @OrgId AND id = @Id)")]
    [InlineData("INSERT INTO projects (org_id, id, name, created_at) VALUES (@OrgId, @Id, @Name, @CreatedAt)")]
    [InlineData("SELECT i.name FROM influencers i JOIN projects p ON p.org_id = i.org_id AND p.id = i.project_id WHERE i.org_id = @OrgId")]
    [InlineData("INSERT INTO influencers (org_id, id, name) SELECT org_id, @NewId, name FROM influencers WHERE org_id = @OrgId AND id = @Id")]
    [InlineData("SELECT key_id AS KeyId, org_id AS OrgId FROM api_keys WHERE key_id = @KeyId")]
    [InlineData("WITH revoked AS (UPDATE api_keys SET revoked_at = @Now WHERE key_id = @KeyId AND revoked_at IS NULL RETURNING key_id) SELECT count(pg_notify('api_key_changed', key_id)) FROM revoked")]
    [InlineData("SELECT id AS Id FROM orgs WHERE slug = @Slug")]
    [InlineData("UPDATE idempotency_keys SET outcome = @Outcome WHERE org_id = @OrgId AND idempotency_key = @Key AND expires_at >= now()")]
    [InlineData("""
        WITH purged AS (
            DELETE FROM idempotency_keys
            WHERE (org_id, idempotency_key) IN (
                SELECT org_id, idempotency_key FROM idempotency_keys
                WHERE expires_at <= now() AND (org_id, idempotency_key) <> (@OrgId, @Key)
                ORDER BY expires_at LIMIT @PurgeBatch FOR UPDATE SKIP LOCKED))
        INSERT INTO idempotency_keys AS held (org_id, idempotency_key) VALUES (@OrgId, @Key)
        """)]
    [InlineData("CREATE TABLE influencers (org_id uuid NOT NULL, id uuid NOT NULL, FOREIGN KEY (org_id, project_id) REFERENCES projects (org_id, id))")]
    [InlineData("LISTEN api_key_changed")]
    public void A_statement_that_keeps_to_one_org_passes(string sql) =>
        Assert.Empty(TenantScopedSql.Violations(sql, TenantTables));

    [Theory]
    [InlineData("SELECT name FROM influencers WHERE id = @Id")]
    [InlineData("UPDATE influencers SET name = @Name WHERE id = @Id")]
    [InlineData("DELETE FROM projects WHERE id = @Id")]
    [InlineData("SELECT count(*) FROM influencers")]
    [InlineData("SELECT name FROM influencers WHERE org_id = org_id AND id = @Id")]
    [InlineData("SELECT name FROM influencers WHERE id = @Id -- AND org_id = @OrgId")]
    [InlineData("SELECT name FROM influencers WHERE name = 'org_id = @OrgId'")]
    [InlineData("SELECT i.name FROM influencers i JOIN projects p ON p.id = i.project_id WHERE i.org_id = @OrgId")]
    [InlineData("INSERT INTO influencers (id, name) VALUES (@Id, @Name)")]
    [InlineData("INSERT INTO influencers VALUES (@OrgId, @Id, @Name)")]
    [InlineData("INSERT INTO influencers (org_id, id, name) SELECT org_id, @NewId, name FROM influencers WHERE id = @Id")]
    [InlineData("SELECT key_id FROM api_keys WHERE name = @Name")]
    [InlineData("DELETE FROM api_keys WHERE key_id = @KeyId")]
    [InlineData("DELETE FROM idempotency_keys WHERE expires_at <= now()")]
    [InlineData("SELECT 1; SELECT name FROM influencers WHERE id = @Id")]
    public void A_statement_on_a_tenant_table_without_its_org_is_a_violation(string sql) =>
        Assert.Single(TenantScopedSql.Violations(sql, TenantTables));
}
