using Dapper;
using Layers.Application.Projects;
using Layers.Domain.Organizations;
using Layers.Domain.Projects;
using Npgsql;

namespace Layers.Infrastructure.Persistence.Repositories;

public sealed class ProjectRepository(DbSession session) : IProjectRepository
{
    public async Task<bool> ExistsAsync(OrgId orgId, ProjectId id, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT EXISTS (SELECT 1 FROM projects WHERE org_id = @OrgId AND id = @Id)
            """;
        return await session.RunAsync(
            async connection =>
            {
                return await connection.ExecuteScalarAsync<bool>(
                    new CommandDefinition(sql, new { OrgId = orgId.Value, Id = id.Value })).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task AddAsync(Project project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        const string sql = """
            INSERT INTO projects (org_id, id, name, created_at)
            VALUES (@OrgId, @Id, @Name, @CreatedAt)
            """;
        await session.RunAsync(
            async connection =>
            {
                await connection.ExecuteAsync(new CommandDefinition(sql, new
                {
                    OrgId = project.OrgId.Value,
                    Id = project.Id.Value,
                    Name = project.Name.Value,
                    project.CreatedAt,
                })).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ProjectListing>> ListAsync(OrgId orgId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT id AS Id, name AS Name, created_at AS CreatedAt
            FROM projects
            WHERE org_id = @OrgId
            ORDER BY created_at, id
            """;
        return await session.RunAsync(
            async connection =>
            {
                var rows = await connection.QueryAsync<ProjectRow>(
                    new CommandDefinition(sql, new { OrgId = orgId.Value })).ConfigureAwait(false);
                return (IReadOnlyList<ProjectListing>)[.. rows.Select(row => new ProjectListing(new ProjectId(row.Id), row.Name, DbTime.Utc(row.CreatedAt)))];
            },
            cancellationToken).ConfigureAwait(false);
    }

    private sealed record ProjectRow(Guid Id, string Name, DateTime CreatedAt);
}
