namespace Layers.Bench.Bare;

/// <summary>
/// What the benchmark sends: each PATCH sets one field, drawn at random, to one of its values,
/// drawn at random, on a random seeded influencer. The one list every driver uses: the runner
/// hands <see cref="Spec"/> to the wrk script and checks the two servers with it, and the pgbench
/// scripts are written from it.
/// </summary>
public static class BenchWorkload
{
    public static IReadOnlyList<(string Field, ChangedColumns Column, string[] Values)> Fields { get; } =
    [
        ("name", ChangedColumns.Name, ["Ava Chen", "Noah Patel", "Mia Rossi", "Liam Walker"]),
        ("gender", ChangedColumns.Gender, ["male", "female", "non_binary"]),
        ("ageRange", ChangedColumns.AgeRange, ["teen", "young_adult", "adult", "mid_adult", "mature", "senior"]),
        ("brandVoice", ChangedColumns.BrandVoice, ["authentic", "witty", "professional", "warm", "casual", "educational"]),
        ("language", ChangedColumns.Language, ["en", "es-MX", "fr", "de-DE", "pt-BR", "zh-Hans-CN"]),
    ];

    /// <summary>
    /// <c>field=value,value;field=...</c>: the values need no JSON escaping and hold none of
    /// <c>,;="\'</c>, so that the wrk script, the runner and the pgbench scripts can take them as they are.
    /// </summary>
    public static string Spec { get; } = string.Join(';', Fields.Select(field => $"{field.Field}={string.Join(',', field.Values)}"));
}
