namespace Layers.Infrastructure.Persistence.Repositories;

/// <summary>
/// The statements <see cref="InfluencerRepository"/> issues for a PATCH, kept apart so that the
/// benchmark's bare endpoint and pgbench script (bench/) compile in this very text instead of a copy.
/// </summary>
internal static class InfluencerSql
{
    public const string Columns = """
        org_id AS OrgId, id AS Id, project_id AS ProjectId, name AS Name, gender AS Gender,
        age_range AS AgeRange, brand_voice AS BrandVoice, language AS Language, status AS Status,
        created_at AS CreatedAt, updated_at AS UpdatedAt, deleted_at AS DeletedAt, version AS Version
        """;

    public const string Find = $"""
        SELECT {Columns}
        FROM influencers
        WHERE org_id = @OrgId AND id = @Id AND deleted_at IS NULL
        """;

    // One statement, and only the changed columns get new values: a column not changed here
    // keeps the value of the row as it is when the update locks it, so two PATCHes of
    // different fields running at the same time both survive.
    public const string SaveChanges = $"""
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
}
