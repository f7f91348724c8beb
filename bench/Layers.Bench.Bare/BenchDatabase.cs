using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Layers.Bench.Bare;

/// <summary>
/// The benchmark's throwaway org and the pgbench scripts built from the bare endpoint's own
/// statements. Influencer ids follow a fixed scheme (the runner seeds them through the create use
/// case) so that every driver (wrk's Lua, pgbench) can draw a random seeded id without a lookup.
/// </summary>
internal static partial class BenchDatabase
{
    /// <summary>Influencer n has the uuid 00000000-0000-4000-8000-000000nnnnnn; n has six digits.</summary>
    public const int FirstNumber = 100_001;
    private const string IdPrefix = "00000000-0000-4000-8000-000000";

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
    /// One pgbench script per (field, value) of <see cref="BenchWorkload"/>, each weighted so that
    /// every field is as likely as in the wrk script; returns pgbench's arguments for them: a
    /// <c>-D name=value</c> per variable the scripts share, then a <c>-f file@weight</c> per script.
    /// Each script is one PATCH of one field as the bare endpoint issues it: its SELECT of a random
    /// seeded influencer, then its UPDATE of that one column. pgbench runs them prepared
    /// (<c>-M prepared</c>), where each <c>:variable</c> is a bound parameter: the org, the
    /// timestamp and the id, which pgbench can only draw as a number, so the statements build the
    /// uuid from it; the field's value is the script's own constant.
    /// </summary>
    public static IReadOnlyList<string> WritePgbenchScripts(string directory, Guid orgId, int count, DateTimeOffset now)
    {
        Directory.CreateDirectory(directory);
        var lastNumber = FirstNumber + count - 1;
        var id = $"({Literal(IdPrefix)} || :n)::uuid";
        var select = Inline(InfluencerTable.SelectText, ":org", id);
        var weightPerField = BenchWorkload.Fields.Select(field => field.Values.Length).Aggregate(LeastCommonMultiple);
        var arguments = new List<string>
        {
            $"-D org={orgId:D}",
            $"-D updatedAt={now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}",
        };
        foreach (var (field, column, values) in BenchWorkload.Fields)
        {
            for (var i = 0; i < values.Length; i++)
            {
                var update = Inline(InfluencerTable.UpdateText(column), ":org", id, ":updatedAt", Literal(StoredValue(field, values[i])));
                var path = Path.Combine(directory, $"patch-{field}-{i}.sql");
                File.WriteAllText(path, new StringBuilder()
                    .Append(CultureInfo.InvariantCulture, $"\\set n random({FirstNumber}, {lastNumber})\n")
                    .Append(select).Append(";\n")
                    .Append(update).Append(";\n")
                    .ToString());
                arguments.Add($"-f {path}@{weightPerField / values.Length}");
            }
        }

        return arguments;
    }

    /// <summary>The value as the bare endpoint would store it, which must be one it accepts.</summary>
    private static string StoredValue(string field, string value)
    {
        var values = PatchBody.Parse(Encoding.UTF8.GetBytes($$"""{"{{field}}":"{{value}}"}""")).Values
            ?? throw new InvalidOperationException($"The workload's {field} '{value}' is not a value the endpoint accepts.");
        return values.Name ?? values.Gender ?? values.AgeRange ?? values.BrandVoice ?? values.Language!;
    }

    /// <summary>The statement with its positional parameters $1, $2, ... replaced by these expressions.</summary>
    private static string Inline(string statement, params string[] expressions) =>
        Positional().Replace(statement, match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) is var n && n <= expressions.Length
            ? expressions[n - 1]
            : throw new InvalidOperationException($"The statement has a parameter ${n} the pgbench script has no value for."));

    // pgbench would take a colon inside a literal for a variable of its own.
    private static string Literal(string text) =>
        text.AsSpan().IndexOfAny('\'', ':') >= 0 ? throw new ArgumentException($"No quotes or colons in pgbench values: {text}", nameof(text)) : $"'{text}'";

    private static int LeastCommonMultiple(int a, int b)
    {
        var (x, y) = (a, b);
        while (y != 0)
        {
            (x, y) = (y, x % y);
        }

        return a / x * b;
    }

    [GeneratedRegex(@"\$(\d+)")]
    private static partial Regex Positional();
}
