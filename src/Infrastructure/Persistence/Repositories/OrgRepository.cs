using Dapper;
using Layers.Application.Organizations;
using Layers.Domain.Organizations;
using Npgsql;

namespace Layers.Infrastructure.Persistence.Repositories;

public sealed class OrgRepository(DbSession session) : IOrgRepository
{
    public async Task<Org?> FindBySlugAsync(OrgSlug slug, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slug);
        const string sql = """
            SELECT id AS Id, slug AS Slug, created_at AS CreatedAt
            FROM orgs
            WHERE slug = @Slug
            """;
        return await session.RunAsync(
            async connection =>
            {
                var row = await connection.QuerySingleOrDefaultAsync<OrgRow>(
                    new CommandDefinition(sql, new { Slug = slug.Value })).ConfigureAwait(false);
                return row is null
                    ? null
                    : new Org(new OrgId(row.Id), OrgSlug.Create(row.Slug), DbTime.Utc(row.CreatedAt));
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task AddAsync(Org org, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(org);
        const string sql = """
            INSERT INTO orgs (id, slug, created_at)
            VALUES (@Id, @Slug, @CreatedAt)
            """;
        await session.RunAsync(
            async connection =>
            {
                await connection.ExecuteAsync(new CommandDefinition(sql, new
                {
                    Id = org.Id.Value,
                    Slug = org.Slug.Value,
                    org.CreatedAt,
                })).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Org>> ListAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT id AS Id, slug AS Slug, created_at AS CreatedAt
            FROM orgs
            ORDER BY created_at, slug
            """;
        return await session.RunAsync(
            async connection =>
            {
                var rows = await connection.QueryAsync<OrgRow>(new CommandDefinition(sql)).ConfigureAwait(false);
                return (IReadOnlyList<Org>)[.. rows.Select(row => new Org(new OrgId(row.Id), OrgSlug.Create(row.Slug), DbTime.Utc(row.CreatedAt)))];
            },
            cancellationToken).ConfigureAwait(false);
    }

    private sealed record OrgRow(Guid Id, string Slug, DateTime CreatedAt);
}
