namespace Layers.Bench.Runner;

/// <summary>
/// The benchmark's PATCHes as the bare endpoint's <c>pgbench-scripts</c> verb states them
/// (BenchWorkload.Spec): <c>field=value,value;field=...</c>. Each PATCH sets one field to one value.
/// </summary>
internal sealed record Workload(string Spec, IReadOnlyList<(string Field, IReadOnlyList<string> Values)> Fields)
{
    public static Workload Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var fields = new List<(string, IReadOnlyList<string>)>();
        foreach (var entry in spec.Split(';'))
        {
            var parts = entry.Split('=');
            string[] values = parts.Length == 2 ? parts[1].Split(',') : [];
            if (parts.Length != 2 || parts[0].Length == 0 || values.Any(value => value.Length == 0 || value.IndexOfAny(['"', '\\', '\'']) >= 0))
            {
                throw new FormatException($"Not a workload (field=value,value;...): '{spec}'.");
            }

            fields.Add((parts[0], values));
        }

        return new Workload(spec, fields);
    }

    /// <summary>Every PATCH body the benchmark sends, field by field, value by value.</summary>
    public IReadOnlyList<string> Bodies =>
        [.. Fields.SelectMany(entry => entry.Values.Select(value => $$"""{"{{entry.Field}}":"{{value}}"}"""))];
}
