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
