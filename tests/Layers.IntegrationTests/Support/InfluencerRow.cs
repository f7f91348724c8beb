using Dapper;
using Npgsql;

namespace Layers.IntegrationTests.Support;

/// <summary>An influencers row exactly as stored, read with plain SQL to check what the API wrote.</summary>
public sealed record InfluencerRow(
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
    public static async Task<InfluencerRow?> ReadAsync(NpgsqlDataSource dataSource, Guid id)
    {
        const string sql = """
            SELECT org_id AS OrgId, id AS Id, project_id AS ProjectId, name AS Name, gender AS Gender,
                   age_range AS AgeRange, brand_voice AS BrandVoice, language AS Language, status AS Status,
                   created_at AS CreatedAt, updated_at AS UpdatedAt, deleted_at AS DeletedAt, version AS Version
            FROM influencers
            WHERE id = @Id
            """;
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<InfluencerRow>(sql, new { Id = id });
    }

    public static async Task<InfluencerRow> ReadExistingAsync(NpgsqlDataSource dataSource, Guid id)
    {
        var row = await ReadAsync(dataSource, id);
        Assert.NotNull(row);
        return row;
    }

    /// <summary>All rows of the org, deleted ones included.</summary>
    public static async Task<long> CountAsync(NpgsqlDataSource dataSource, Guid orgId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM influencers WHERE org_id = @OrgId", new { OrgId = orgId });
    }
}
