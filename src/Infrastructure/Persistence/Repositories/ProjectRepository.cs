using Dapper;
using Layers.Application.Projects;
using Layers.Domain.Organizations;
using Layers.Domain.Projects;
using Npgsql;

namespace Layers.Infrastructure.Persistence.Repositories;

public sealed class ProjectRepository(NpgsqlDataSource dataSource) : IProjectRepository
{
    public async Task<bool> ExistsAsync(OrgId orgId, ProjectId id, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT EXISTS (SELECT 1 FROM projects WHERE org_id = @OrgId AND id = @Id)
            """;
        return await dataSource.RunAsync(
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
        await dataSource.RunAsync(
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
}
