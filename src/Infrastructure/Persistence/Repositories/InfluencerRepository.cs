using Dapper;
using Layers.Application.Common.Exceptions;
using Layers.Application.Influencers;
using Layers.Domain.Common;
using Layers.Domain.Influencers;
using Layers.Domain.Organizations;
using Layers.Domain.Projects;
using Npgsql;

namespace Layers.Infrastructure.Persistence.Repositories;

public sealed class InfluencerRepository(DbSession session) : IInfluencerRepository
{
    /// <summary>
    /// What the aggregate needs beyond its key: the key is the statement's own parameters, and
    /// deleted_at is null by the filter.
    /// </summary>
    private const string Columns = """
        project_id AS ProjectId, name AS Name, gender AS Gender, age_range AS AgeRange,
        brand_voice AS BrandVoice, language AS Language, status AS Status,
        created_at AS CreatedAt, updated_at AS UpdatedAt, version AS Version
        """;

    /// <summary>Every PATCH runs this and <see cref="SaveChangesAsync"/>, so both bind their parameters by position.</summary>
    public Task<Influencer?> FindAsync(OrgId orgId, InfluencerId id, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT {Columns}
            FROM influencers
            WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL
            """;
        return session.RunAsync(
            async connection =>
            {
                var row = await connection.QuerySingleOrDefaultAsync<InfluencerRow>(
                    new CommandDefinition(sql, new PositionalParameters(2).Add(orgId.Value).Add(id.Value))).ConfigureAwait(false);
                return row?.ToAggregate(orgId, id, deletedAt: null);
            },
            cancellationToken);
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
        await session.RunAsync(
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
        return await session.RunAsync(
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
                return (IReadOnlyList<Influencer>)[.. rows.Select(row => row.ToAggregate(orgId, new InfluencerId(row.Id), deletedAt: null))];
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The listing's statement: one page, newest first, found by position rather than counted
    /// (no OFFSET), so any page costs one scan of an index over just its rows: the org's range of
    /// influencers_org_id_created_at_id_project_id, or one project's range of
    /// influencers_org_id_project_id_created_at_id. (created_at, id) never changes, so a position
    /// stays valid while rows are added and deleted around it. Each form has its own text, so each
    /// has its own plan once the driver prepares it, fitted to its own index.
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

    // A project that is not the org's has no entries in the org's part of the project index, so
    // its page is as empty, and as cheap, as an empty project's.
    private const string ListOfProject = """
          AND project_id = @ProjectId
        """;

    private const string ListAfter = """
          AND (created_at, id) < (@AfterCreatedAt, @AfterId)
        """;

    private const string ListOrder = """
        ORDER BY created_at DESC, id DESC
        LIMIT @Count
        """;

    private const string ListAll = $"SELECT id AS Id, {Columns}\n{ListWhere}\n{ListOrder}";
    private const string ListAllAfter = $"SELECT id AS Id, {Columns}\n{ListWhere}\n{ListAfter}\n{ListOrder}";
    private const string ListProject = $"SELECT id AS Id, {Columns}\n{ListWhere}\n{ListOfProject}\n{ListOrder}";
    private const string ListProjectAfter = $"SELECT id AS Id, {Columns}\n{ListWhere}\n{ListOfProject}\n{ListAfter}\n{ListOrder}";

    public Task<Influencer?> SaveChangesAsync(Influencer influencer, long? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(influencer);
        var changes = influencer.PendingChanges;
        var sql = SaveChangesSql.For(changes, expectedVersion is not null);
        var parameters = SaveChangesSql.Parameters(influencer, expectedVersion);
        return session.RunAsync(
            async connection =>
            {
                var row = await connection.QuerySingleOrDefaultAsync<InfluencerRow>(new CommandDefinition(sql, parameters)).ConfigureAwait(false);
                // Only this write sets deleted_at, on a row its filter found live.
                return row?.ToAggregate(influencer.OrgId, influencer.Id, changes.HasFlag(InfluencerChanges.Deleted) ? influencer.DeletedAt : null);
            },
            cancellationToken);
    }

    /// <summary>
    /// The row as Dapper reads it, by column name; timestamps arrive as UTC <see cref="DateTime"/>.
    /// <see cref="Id"/> is read by the listing only: the other statements know the id they asked for.
    /// </summary>
    private sealed class InfluencerRow
    {
        public Guid Id { get; init; }

        public Guid ProjectId { get; init; }

        public string Name { get; init; } = "";

        public string Gender { get; init; } = "";

        public string? AgeRange { get; init; }

        public string BrandVoice { get; init; } = "";

        public string Language { get; init; } = "";

        public string Status { get; init; } = "";

        public DateTime CreatedAt { get; init; }

        public DateTime UpdatedAt { get; init; }

        public long Version { get; init; }

        public Influencer ToAggregate(OrgId orgId, InfluencerId id, DateTimeOffset? deletedAt)
        {
            try
            {
                return Influencer.Restore(
                    id,
                    orgId,
                    new ProjectId(ProjectId),
                    InfluencerName.Create(Name),
                    WireNames.Parse<Gender>(Gender),
                    AgeRange is null ? null : WireNames.Parse<AgeRange>(AgeRange),
                    WireNames.Parse<BrandVoice>(BrandVoice),
                    LanguageTag.Restore(Language),
                    WireNames.Parse<InfluencerStatus>(Status),
                    DbTime.Utc(CreatedAt),
                    DbTime.Utc(UpdatedAt),
                    deletedAt,
                    Version);
            }
            catch (DomainException exception)
            {
                // Not the request's fault: a domain rule the stored row breaks is a 500, not a 422.
                throw new StoredDataException($"Influencer {id} of org {orgId} breaks a domain rule: {exception.Message}", exception);
            }
        }
    }

    /// <summary>
    /// The UPDATE that writes exactly the changed columns, one text per combination of changes and
    /// precondition, built once. A column not changed is not in the statement, so it keeps the
    /// value of the row as it is when the update locks it: two PATCHes of different fields running
    /// at the same time both survive. Positions: $1 org_id, $2 id, $3 updated_at, then the changed
    /// columns in the order of <see cref="Assignments"/>, then the expected version.
    /// </summary>
    private static class SaveChangesSql
    {
        private const int FixedParameters = 3;

        private static readonly (InfluencerChanges Change, string Column, Action<PositionalParameters, Influencer> Bind)[] Assignments =
        [
            (InfluencerChanges.Name, "name", (parameters, influencer) => parameters.Add(influencer.Name.Value)),
            (InfluencerChanges.Gender, "gender", (parameters, influencer) => parameters.Add(WireNames.Of(influencer.Gender))),
            (InfluencerChanges.AgeRange, "age_range", (parameters, influencer) => parameters.Add(influencer.AgeRange is { } ageRange ? WireNames.Of(ageRange) : null)),
            (InfluencerChanges.BrandVoice, "brand_voice", (parameters, influencer) => parameters.Add(WireNames.Of(influencer.BrandVoice))),
            (InfluencerChanges.Language, "language", (parameters, influencer) => parameters.Add(influencer.Language.Value)),
            (InfluencerChanges.Deleted, "deleted_at", (parameters, influencer) => parameters.Add(influencer.DeletedAt)),
        ];

        private static readonly int MaxParameters = FixedParameters + Assignments.Length + 1;

        private static readonly int Combinations = 1 << Assignments.Length;

        private static readonly string[] Texts = [.. Enumerable.Range(0, 2 * Combinations).Select(index => Build((InfluencerChanges)(index % Combinations), index >= Combinations))];

        public static string For(InfluencerChanges changes, bool expectsVersion)
        {
            var index = (int)changes;
            ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(changes));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Combinations, nameof(changes));
            return Texts[index + (expectsVersion ? Combinations : 0)];
        }

        /// <summary>The values of <see cref="For"/>'s text, in the positions it gives them.</summary>
        public static PositionalParameters Parameters(Influencer influencer, long? expectedVersion)
        {
            var parameters = new PositionalParameters(MaxParameters)
                .Add(influencer.OrgId.Value)
                .Add(influencer.Id.Value)
                .Add(influencer.UpdatedAt);
            foreach (var (change, _, bind) in Assignments)
            {
                if (influencer.PendingChanges.HasFlag(change))
                {
                    bind(parameters, influencer);
                }
            }

            return expectedVersion is { } version ? parameters.Add(version) : parameters;
        }

        private static string Build(InfluencerChanges changes, bool expectsVersion)
        {
            var position = FixedParameters;
            var assignments = Assignments
                .Where(assignment => changes.HasFlag(assignment.Change))
                .Select(assignment => $"{assignment.Column} = ${++position}, ");
            var set = string.Concat(assignments);
            var precondition = expectsVersion ? $" AND version = ${position + 1}" : "";
            return $"""
                UPDATE influencers
                SET {set}updated_at = $3, version = version + 1
                WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL{precondition}
                RETURNING {Columns}
                """;
        }
    }
}
