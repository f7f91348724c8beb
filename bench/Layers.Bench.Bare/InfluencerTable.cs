using System.Globalization;
using System.Text;
using Npgsql;

namespace Layers.Bench.Bare;

/// <summary>The columns a PATCH can change, one bit each; a combination picks its UPDATE text.</summary>
[Flags]
public enum ChangedColumns
{
    None = 0,
    Name = 1,
    Gender = 2,
    AgeRange = 4,
    BrandVoice = 8,
    Language = 16,
    All = Name | Gender | AgeRange | BrandVoice | Language,
}

/// <summary>An influencer as a PATCH answers it (wire names as stored), and its version for the ETag.</summary>
public sealed record InfluencerRow(
    Guid ProjectId,
    string Name,
    string Gender,
    string? AgeRange,
    string BrandVoice,
    string Language,
    string Status,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version);

/// <summary>
/// The bare endpoint's statements, as a careful hand-written endpoint issues them: a SELECT of what
/// the answer and the change detection need, then, only when something changed, an UPDATE that
/// sets the changed columns alone. A column it does not set keeps the value the row has when the
/// UPDATE locks it, so concurrent PATCHes of different fields both survive. Parameters are
/// positional and typed: $1 the org, $2 the id, $3 the new updated_at, then the changed columns'
/// values in <see cref="Settable"/> order.
/// </summary>
public static class InfluencerTable
{
    // What the answer shows and its ETag needs; the org and id are the request's own.
    private const string AnswerColumns = "project_id, name, gender, age_range, brand_voice, language, status, created_at, updated_at, version";

    public const string SelectText = $"""
        SELECT {AnswerColumns}
        FROM influencers
        WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL
        """;

    private static readonly (ChangedColumns Column, string Name)[] Settable =
    [
        (ChangedColumns.Name, "name"),
        (ChangedColumns.Gender, "gender"),
        (ChangedColumns.AgeRange, "age_range"),
        (ChangedColumns.BrandVoice, "brand_voice"),
        (ChangedColumns.Language, "language"),
    ];

    // Built once: one text per combination of changed columns, indexed by the combination's bits.
    private static readonly string[] UpdateTexts = BuildUpdateTexts();

    /// <summary>The UPDATE for exactly these changed columns (at least one).</summary>
    public static string UpdateText(ChangedColumns columns) =>
        columns is > ChangedColumns.None and <= ChangedColumns.All
            ? UpdateTexts[(int)columns]
            : throw new ArgumentOutOfRangeException(nameof(columns), columns, "An UPDATE sets at least one known column.");

    public static async Task<InfluencerRow?> FindAsync(NpgsqlConnection connection, Guid orgId, Guid id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(SelectText, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = orgId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes <paramref name="values"/>' <paramref name="columns"/>; null when the row is gone (deleted meanwhile).</summary>
    public static async Task<InfluencerRow?> UpdateAsync(
        NpgsqlConnection connection,
        Guid orgId,
        Guid id,
        ChangedColumns columns,
        InfluencerValues values,
        DateTime updatedAt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        await using var command = new NpgsqlCommand(UpdateText(columns), connection);
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter<Guid> { TypedValue = orgId });
        parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = updatedAt });
        AddIf(ChangedColumns.Name, values.Name);
        AddIf(ChangedColumns.Gender, values.Gender);
        AddIf(ChangedColumns.AgeRange, values.AgeRange);
        AddIf(ChangedColumns.BrandVoice, values.BrandVoice);
        AddIf(ChangedColumns.Language, values.Language);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);

        // A null string is written as NULL: only the age range can be cleared.
        void AddIf(ChangedColumns column, string? value)
        {
            if (columns.HasFlag(column))
            {
                parameters.Add(new NpgsqlParameter<string> { TypedValue = value });
            }
        }
    }

    private static string[] BuildUpdateTexts()
    {
        var texts = new string[(int)ChangedColumns.All + 1];
        texts[0] = string.Empty;
        for (var columns = ChangedColumns.Name; columns <= ChangedColumns.All; columns++)
        {
            var set = new StringBuilder();
            var parameter = 4;
            foreach (var (column, name) in Settable)
            {
                if (columns.HasFlag(column))
                {
                    set.Append(CultureInfo.InvariantCulture, $"{name} = ${parameter++}, ");
                }
            }

            texts[(int)columns] = $"""
                UPDATE influencers
                SET {set}updated_at = $3, version = version + 1
                WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL
                RETURNING {AnswerColumns}
                """;
        }

        return texts;
    }

    /// <summary>The one row, in <see cref="AnswerColumns"/> order; timestamps arrive as UTC.</summary>
    private static async Task<InfluencerRow?> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new InfluencerRow(
            reader.GetGuid(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.GetString(4),
            reader.GetString(5),
            reader.GetString(6),
            reader.GetDateTime(7),
            reader.GetDateTime(8),
            reader.GetInt64(9));
    }
}
