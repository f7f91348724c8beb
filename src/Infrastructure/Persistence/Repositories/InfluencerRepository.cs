using Dapper;
using Layers.Application.Influencers;
using Layers.Domain.Common;
using Layers.Domain.Influencers;
using Layers.Domain.Organizations;
using Layers.Domain.Projects;
using Npgsql;

namespace Layers.Infrastructure.Persistence.Repositories;

public sealed class InfluencerRepository(NpgsqlDataSource dataSource) : IInfluencerRepository
{
    private const string Columns = """
        org_id AS OrgId, id AS Id, project_id AS ProjectId, name AS Name, gender AS Gender,
        age_range AS AgeRange, brand_voice AS BrandVoice, language AS Language, status AS Status,
        created_at AS CreatedAt, updated_at AS UpdatedAt, deleted_at AS DeletedAt, version AS Version
        """;

    public async Task<Influencer?> FindAsync(OrgId orgId, InfluencerId id, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT {Columns}
            FROM influencers
            WHERE org_id = @OrgId AND id = @Id AND deleted_at IS NULL
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<InfluencerRow>(
            new CommandDefinition(sql, new { OrgId = orgId.Value, Id = id.Value }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToAggregate();
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
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
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
        }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<Influencer?> SaveChangesAsync(Influencer influencer, long? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(influencer);

        // One statement, and only the changed columns get new values: a column not changed here
        // keeps the value of the row as it is when the update locks it, so two PATCHes of
        // different fields running at the same time both survive.
        const string sql = $"""
            UPDATE influencers SET
                name        = CASE WHEN @SetName       THEN @Name       ELSE name        END,
                gender      = CASE WHEN @SetGender     THEN @Gender     ELSE gender      END,
                age_range   = CASE WHEN @SetAgeRange   THEN @AgeRange   ELSE age_range   END,
                brand_voice = CASE WHEN @SetBrandVoice THEN @BrandVoice ELSE brand_voice END,
                language    = CASE WHEN @SetLanguage   THEN @Language   ELSE language    END,
                deleted_at  = CASE WHEN @SetDeleted    THEN @DeletedAt  ELSE deleted_at  END,
                updated_at  = @UpdatedAt,
                version     = version + 1
            WHERE org_id = @OrgId AND id = @Id AND deleted_at IS NULL
              AND (@ExpectedVersion::bigint IS NULL OR version = @ExpectedVersion)
            RETURNING {Columns}
            """;
        var changes = influencer.PendingChanges;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<InfluencerRow>(new CommandDefinition(sql, new
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
        }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToAggregate();
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
        public Influencer ToAggregate() => Influencer.Restore(
            new InfluencerId(Id),
            new OrgId(OrgId),
            new ProjectId(ProjectId),
            InfluencerName.Create(Name),
            WireNames.Parse<Gender>(Gender),
            AgeRange is null ? null : WireNames.Parse<AgeRange>(AgeRange),
            WireNames.Parse<BrandVoice>(BrandVoice),
            LanguageTag.Create(Language),
            WireNames.Parse<InfluencerStatus>(Status),
            Utc(CreatedAt),
            Utc(UpdatedAt),
            DeletedAt is { } deletedAt ? Utc(deletedAt) : null,
            Version);

        private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }
}
