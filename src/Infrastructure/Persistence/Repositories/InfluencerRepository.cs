using Dapper;
using Layers.Application.Common.Exceptions;
using Layers.Application.Influencers;
using Layers.Domain.Common;
using Layers.Domain.Influencers;
using Layers.Domain.Organizations;
using Layers.Domain.Projects;
using Npgsql;

namespace Layers.Infrastructure.Persistence.Repositories;

public sealed class InfluencerRepository(NpgsqlDataSource dataSource) : IInfluencerRepository
{
    public async Task<Influencer?> FindAsync(OrgId orgId, InfluencerId id, CancellationToken cancellationToken)
    {
        return await dataSource.RunAsync(
            async connection =>
            {
                var row = await connection.QuerySingleOrDefaultAsync<InfluencerRow>(
                    new CommandDefinition(InfluencerSql.Find, new { OrgId = orgId.Value, Id = id.Value })).ConfigureAwait(false);
                return row?.ToAggregate();
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task AddAsync(Influencer influencer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(influencer);
        const string sql = """
            INSERT INTO influencers
                (org_id, id, project_id, name, gender, age_range, brand_voice, language, status,
                 created_at, updated_at, version)
            VALUES
                (@OrgId, @Id, @ProjectId, @Name, @Gender, @AgeRange, @BrandVoice, @Language, @Status,
                 @CreatedAt, @UpdatedAt, @Version)
            """;
        await dataSource.RunAsync(
            async connection =>
            {
                await connection.ExecuteAsync(new CommandDefinition(sql, new
                {
                    OrgId = influencer.OrgId.Value,
                    Id = influencer.Id.Value,
                    ProjectId = influencer.ProjectId.Value,
                    Name = influencer.Name.Value,
                    Gender = WireNames.Of(influencer.Gender),
                    AgeRange = influencer.AgeRange is { } ageRange ? WireNames.Of(ageRange) : null,
                    BrandVoice = WireNames.Of(influencer.BrandVoice),
                    Language = influencer.Language.Value,
                    Status = WireNames.Of(influencer.Status),
                    influencer.CreatedAt,
                    influencer.UpdatedAt,
                    influencer.Version,
                })).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Influencer>> ListAsync(OrgId orgId, ProjectId? projectId, InfluencerListPosition? after, int count, CancellationToken cancellationToken)
    {
        return await dataSource.RunAsync(
            async connection =>
            {
                var rows = await connection.QueryAsync<InfluencerRow>(new CommandDefinition(ListStatement(projectId is not null, after is not null), new
                {
                    OrgId = orgId.Value,
                    ProjectId = projectId?.Value,
                    AfterCreatedAt = after?.CreatedAt.ToUniversalTime(),
                    AfterId = after?.Id.Value,
                    Count = count,
                })).ConfigureAwait(false);
                return (IReadOnlyList<Influencer>)[.. rows.Select(row => row.ToAggregate())];
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The listing's statement: one page, newest first, found by position rather than counted
    /// (no OFFSET), so any page costs one scan of the index
    /// influencers_org_id_created_at_id_project_id over just its rows. (created_at, id) never
    /// changes, so a position stays valid while rows are added and deleted around it.
    /// </summary>
    internal static string ListStatement(bool ofProject, bool afterPosition) => (ofProject, afterPosition) switch
    {
        (false, false) => ListAll,
        (false, true) => ListAllAfter,
        (true, false) => ListProject,
        (true, true) => ListProjectAfter,
    };

    private const string ListWhere = """
        FROM influencers
        WHERE org_id = @OrgId AND deleted_at IS NULL
        """;

    // The project's own row is looked up once, before the scan: a project not of this org (or
    // none) then answers an empty page without reading the org's index range.
    private const string ListOfProject = """
          AND project_id = @ProjectId
          AND EXISTS (SELECT FROM projects WHERE org_id = @OrgId AND id = @ProjectId)
        """;

    private const string ListAfter = """
          AND (created_at, id) < (@AfterCreatedAt, @AfterId)
        """;

    private const string ListOrder = """
        ORDER BY created_at DESC, id DESC
        LIMIT @Count
        """;

    private const string ListAll = $"SELECT {InfluencerSql.Columns}\n{ListWhere}\n{ListOrder}";
    private const string ListAllAfter = $"SELECT {InfluencerSql.Columns}\n{ListWhere}\n{ListAfter}\n{ListOrder}";
    private const string ListProject = $"SELECT {InfluencerSql.Columns}\n{ListWhere}\n{ListOfProject}\n{ListOrder}";
    private const string ListProjectAfter = $"SELECT {InfluencerSql.Columns}\n{ListWhere}\n{ListOfProject}\n{ListAfter}\n{ListOrder}";

    public async Task<Influencer?> SaveChangesAsync(Influencer influencer, long? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(influencer);

        var changes = influencer.PendingChanges;
        return await dataSource.RunAsync(
            async connection =>
            {
                var row = await connection.QuerySingleOrDefaultAsync<InfluencerRow>(new CommandDefinition(InfluencerSql.SaveChanges, new
                {
                    OrgId = influencer.OrgId.Value,
                    Id = influencer.Id.Value,
                    SetName = changes.HasFlag(InfluencerChanges.Name),
                    Name = influencer.Name.Value,
                    SetGender = changes.HasFlag(InfluencerChanges.Gender),
                    Gender = WireNames.Of(influencer.Gender),
                    SetAgeRange = changes.HasFlag(InfluencerChanges.AgeRange),
                    AgeRange = influencer.AgeRange is { } ageRange ? WireNames.Of(ageRange) : null,
                    SetBrandVoice = changes.HasFlag(InfluencerChanges.BrandVoice),
                    BrandVoice = WireNames.Of(influencer.BrandVoice),
                    SetLanguage = changes.HasFlag(InfluencerChanges.Language),
                    Language = influencer.Language.Value,
                    SetDeleted = changes.HasFlag(InfluencerChanges.Deleted),
                    influencer.DeletedAt,
                    influencer.UpdatedAt,
                    ExpectedVersion = expectedVersion,
                })).ConfigureAwait(false);
                return row?.ToAggregate();
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The row as Dapper reads it; timestamps arrive as UTC <see cref="DateTime"/>.</summary>
    private sealed record InfluencerRow(
        Guid OrgId,
        Guid Id,
        Guid ProjectId,
        string Name,
        string Gender,
        string? AgeRange,
        string BrandVoice,
        string Language,
        string Status,
        DateTime CreatedAt,
        DateTime UpdatedAt,
        DateTime? DeletedAt,
        long Version)
    {
        public Influencer ToAggregate()
        {
            try
            {
                return Influencer.Restore(
                    new InfluencerId(Id),
                    new OrgId(OrgId),
                    new ProjectId(ProjectId),
                    InfluencerName.Create(Name),
                    WireNames.Parse<Gender>(Gender),
                    AgeRange is null ? null : WireNames.Parse<AgeRange>(AgeRange),
                    WireNames.Parse<BrandVoice>(BrandVoice),
                    LanguageTag.Restore(Language),
                    WireNames.Parse<InfluencerStatus>(Status),
                    DbTime.Utc(CreatedAt),
                    DbTime.Utc(UpdatedAt),
                    DeletedAt is { } deletedAt ? DbTime.Utc(deletedAt) : null,
                    Version);
            }
            catch (DomainException exception)
            {
                // Not the request's fault: a domain rule the stored row breaks is a 500, not a 422.
                throw new StoredDataException($"Influencer {Id} of org {OrgId} breaks a domain rule: {exception.Message}", exception);
            }
        }
    }
}
