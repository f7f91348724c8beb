using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Layers.Infrastructure.Persistence.Repositories;
using Npgsql;

namespace Layers.Bench.Bare;

/// <summary>
/// The benchmark's throwaway org and the pgbench scripts built from the repository's statements.
/// Influencer ids follow a fixed scheme (the runner seeds them through the create use case) so
/// that every driver (wrk's Lua, pgbench) can draw a random seeded id without a lookup.
/// </summary>
internal static partial class BenchDatabase
{
    /// <summary>Influencer n has the uuid 00000000-0000-4000-8000-000000nnnnnn; n has six digits.</summary>
    public const int FirstNumber = 100_001;
    private const string IdPrefix = "00000000-0000-4000-8000-000000";

    // The values the wrk script (bench/patch.lua) draws from, field by field.
    private static readonly (string Field, string Parameter, string[] Values)[] Fields =
    [
        ("name", "Name", ["Ava Chen", "Noah Patel", "Mia Rossi", "Liam Walker"]),
        ("gender", "Gender", ["male", "female", "non_binary"]),
        ("ageRange", "AgeRange", ["teen", "young_adult", "adult", "mid_adult", "mature", "senior"]),
        ("brandVoice", "BrandVoice", ["authentic", "witty", "professional", "warm", "casual", "educational"]),
        ("language", "Language", ["en", "es-MX", "fr", "de-DE", "pt-BR", "zh-Hans-CN"]),
    ];

    /// <summary>Deletes the org with this slug and everything it owns, so a run starts from scratch.</summary>
    public static async Task ResetAsync(NpgsqlDataSource dataSource, string slug)
    {
        await using var command = dataSource.CreateCommand("""
            DELETE FROM influencers WHERE org_id IN (SELECT id FROM orgs WHERE slug = @Slug);
            DELETE FROM api_keys WHERE org_id IN (SELECT id FROM orgs WHERE slug = @Slug);
            DELETE FROM projects WHERE org_id IN (SELECT id FROM orgs WHERE slug = @Slug);
            DELETE FROM orgs WHERE slug = @Slug;
            """);
        command.Parameters.AddWithValue("Slug", slug);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>The id of the org with this slug, whose influencers the benchmark seeded.</summary>
    public static async Task<Guid> OrgIdAsync(NpgsqlDataSource dataSource, string slug)
    {
        await using var org = dataSource.CreateCommand("SELECT id FROM orgs WHERE slug = @Slug");
        org.Parameters.AddWithValue("Slug", slug);
        return await org.ExecuteScalarAsync().ConfigureAwait(false) as Guid? ?? throw new InvalidOperationException($"No org '{slug}'.");
    }

    /// <summary>
    /// One pgbench script per (field, value), each weighted so that every field is as likely as in
    /// the wrk script; returns the <c>-f file@weight</c> arguments. Each script is the repository's
    /// SELECT of a random seeded influencer, its columns kept with <c>\gset</c>, then the
    /// repository's UPDATE with the row's values and the one new value: what the API sends for a
    /// PATCH of one field. pgbench runs them with the simple protocol, which inlines the values as
    /// literals; the parameters the API sends as null (DeletedAt, ExpectedVersion) are NULL.
    /// </summary>
    public static IReadOnlyList<string> WritePgbenchScripts(string directory, Guid orgId, int count, DateTimeOffset now)
    {
        Directory.CreateDirectory(directory);
        var lastNumber = FirstNumber + count - 1;
        var select = Parameter().Replace(InfluencerSql.Find, match => match.Groups[1].Value switch
        {
            "OrgId" => Literal(orgId.ToString("D")),
            "Id" => Literal(IdPrefix + ":n"),
            var other => throw new InvalidOperationException($"InfluencerSql.Find has a parameter @{other} the pgbench script does not know."),
        });
        var weightPerField = Fields.Select(field => field.Values.Length).Aggregate(LeastCommonMultiple);
        var arguments = new List<string>();
        foreach (var (field, parameter, values) in Fields)
        {
            for (var i = 0; i < values.Length; i++)
            {
                var update = Parameter().Replace(InfluencerSql.SaveChanges, match => match.Groups[1].Value switch
                {
                    "OrgId" => Literal(":orgid"),
                    "Id" => Literal(":id"),
                    "SetDeleted" => "false",
                    "DeletedAt" or "ExpectedVersion" => "NULL",
                    "UpdatedAt" => Literal(now.ToString("O", CultureInfo.InvariantCulture)),
                    var set when set.StartsWith("Set", StringComparison.Ordinal) && Fields.Any(f => f.Parameter == set[3..]) =>
                        set[3..] == parameter ? "true" : "false",
                    var name when name == parameter => Literal(values[i]),

                    // The row's current value, as \gset kept it (PostgreSQL folds the alias to lower case).
                    var name when Fields.Any(f => f.Parameter == name) => Literal(":" + name.ToLowerInvariant()),
                    var other => throw new InvalidOperationException($"InfluencerSql.SaveChanges has a parameter @{other} the pgbench script does not know."),
                });
                var path = Path.Combine(directory, $"patch-{field}-{i}.sql");
                File.WriteAllText(path, new StringBuilder()
                    .Append(CultureInfo.InvariantCulture, $"\\set n random({FirstNumber}, {lastNumber})\n")
                    .Append(select).Append(" \\gset\n")
                    .Append(update).Append(";\n")
                    .ToString());
                arguments.Add($"-f {path}@{weightPerField / values.Length}");
            }
        }

        return arguments;
    }

    private static string Literal(string text) =>
        text.Contains('\'', StringComparison.Ordinal) ? throw new ArgumentException($"No quotes in pgbench values: {text}", nameof(text)) : $"'{text}'";

    private static int LeastCommonMultiple(int a, int b)
    {
        var (x, y) = (a, b);
        while (y != 0)
        {
            (x, y) = (y, x % y);
        }

        return a / x * b;
    }

    [GeneratedRegex(@"@(\w+)")]
    private static partial Regex Parameter();
}
