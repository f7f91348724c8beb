using System.Text.RegularExpressions;

namespace Layers.IntegrationTests.Support;

/// <summary>
/// Whether a statement keeps to one org: every tenant table (one with an <c>org_id</c> column)
/// that it reads, changes or deletes from is filtered by <c>org_id = </c> a parameter, and every
/// row it inserts names its <c>org_id</c>. That is what lets PostgreSQL distributed by org (Citus)
/// send the statement to one shard, and what keeps one org's request off another's rows
/// (docs/scaling.md). A lexical check of the text, comments and string literals removed: it
/// catches the forgotten filter, not a filter undone by an <c>OR</c>, which review still reads.
/// </summary>
public static partial class TenantScopedSql
{
    /// <summary>Statements that address a tenant table by something else than its org, on purpose.</summary>
    public static IReadOnlyList<Exemption> Exemptions { get; } =
    [
        new(
            "api_keys",
            KeyLookup(),
            "Authentication finds a key by its id before it knows the org. Key ids are random (80 bits) and unique across orgs (migration 0002)."),
        new(
            "api_keys",
            KeyRevocation(),
            "An operator revokes a key by the id that keys list prints, whatever its org; the id is unique across orgs."),
        new(
            "idempotency_keys",
            IdempotencyClaimWithPurge(),
            "A claim also purges a few expired rows of any org, oldest first (migration 0004). Distributed by org, this part "
            + "must change (docs/scaling.md): it would visit every shard, with a LIMIT and FOR UPDATE that Citus allows only on one."),
    ];

    /// <summary>What is wrong with <paramref name="sql"/>; empty when every statement in it keeps to one org.</summary>
    public static IReadOnlyList<string> Violations(string sql, IReadOnlySet<string> tenantTables)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(tenantTables);
        var violations = new List<string>();
        foreach (var statement in Statements(sql))
        {
            var filtered = new List<string>();
            foreach (Match reference in TableReference().Matches(statement))
            {
                var table = reference.Groups["table"].Value;
                if (!tenantTables.Contains(table) || Exemptions.Any(exemption => exemption.Table == table && exemption.Statement.IsMatch(statement)))
                {
                    continue;
                }

                if (reference.Groups["keyword"].Value == "into")
                {
                    var columns = ColumnList().Match(statement, reference.Index + reference.Length);
                    if (!columns.Success || !columns.Groups["columns"].Value.Split(',').Any(column => column.Trim() == "org_id"))
                    {
                        violations.Add($"inserts into {table} without naming org_id: {statement}");
                    }
                }
                else
                {
                    filtered.Add(table);
                }
            }

            // Each tenant table read needs its own org_id equality (a join on org_id counts), and
            // at least one of them binds the org as a parameter in a WHERE.
            if (filtered.Count > 0 && (!OrgParameterFilter().IsMatch(statement) || OrgEquality().Count(statement) < filtered.Count))
            {
                violations.Add($"reads or changes {string.Join(", ", filtered)} without org_id = <parameter> for each in its WHERE: {statement}");
            }
        }

        return violations;
    }

    /// <summary>
    /// The data statements of <paramref name="sql"/>, lower case, comments and literals removed,
    /// spaces collapsed (none inside parentheses' edges, one around a lone equals sign).
    /// </summary>
    private static IEnumerable<string> Statements(string sql)
    {
        var text = Literals().Replace(Comments().Replace(sql, " "), "''").ToLowerInvariant();
        text = SpacesInsideParentheses().Replace(Spaces().Replace(EqualsSign().Replace(text, " = "), " "), string.Empty);
        return text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(statement => DataStatement().IsMatch(statement));
    }

    public sealed record Exemption(string Table, Regex Statement, string Reason);

    [GeneratedRegex(@"--[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex("'(?:[^']|'')*'")]
    private static partial Regex Literals();

    // An equals sign alone, not part of <=, >=, != or =>.
    [GeneratedRegex(@"\s*(?<![<>!=])=(?![=>])\s*")]
    private static partial Regex EqualsSign();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"(?<=\() | (?=\))")]
    private static partial Regex SpacesInsideParentheses();

    // Schema changes (migrations) and session commands (LISTEN, SET) address no rows.
    [GeneratedRegex(@"^\(*\s*(select|insert|update|delete|with)\b")]
    private static partial Regex DataStatement();

    [GeneratedRegex(@"\b(?<keyword>from|join|update|into)\s+(?:only\s+)?(?:public\.)?""?(?<table>[a-z_][a-z0-9_]*)""?")]
    private static partial Regex TableReference();

    [GeneratedRegex(@"\G(?: as [a-z_][a-z0-9_]*)?\s*\((?<columns>[^)]*)\)")]
    private static partial Regex ColumnList();

    [GeneratedRegex(@"\bwhere\b.*\b(?:[a-z_][a-z0-9_]*\.)?org_id = (?:@[a-z_][a-z0-9_]*|\$\d+)")]
    private static partial Regex OrgParameterFilter();

    [GeneratedRegex(@"\b(?:[a-z_][a-z0-9_]*\.)?org_id = ")]
    private static partial Regex OrgEquality();

    [GeneratedRegex(@"^select [^;]* from api_keys where key_id = (?:@[a-z_]+|\$\d+)$")]
    private static partial Regex KeyLookup();

    [GeneratedRegex(@"^with purged as \(delete from idempotency_keys where \(org_id, idempotency_key\) in \(select org_id, idempotency_key from idempotency_keys where expires_at <= now\(\) and \(org_id, idempotency_key\) <> \((?:@[a-z_]+|\$\d+), (?:@[a-z_]+|\$\d+)\)")]
    private static partial Regex IdempotencyClaimWithPurge();

    [GeneratedRegex(@"\bupdate api_keys set revoked_at = (?:@[a-z_]+|\$\d+) where key_id = (?:@[a-z_]+|\$\d+) and revoked_at is null\b")]
    private static partial Regex KeyRevocation();
}
