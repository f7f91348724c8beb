namespace Layers.Bench.Bare;

/// <summary>
/// The values a PATCH asks for, as stored (wire names, the language tag in canonical case): null
/// where a field is absent, except the age range, which can be asked to be null
/// (<see cref="SetsAgeRange"/>).
/// </summary>
public sealed class InfluencerValues
{
    public string? Name { get; init; }

    public string? Gender { get; init; }

    public bool SetsAgeRange { get; init; }

    public string? AgeRange { get; init; }

    public string? BrandVoice { get; init; }

    public string? Language { get; init; }

    /// <summary>The columns whose asked-for value differs from the row's; none means nothing to write.</summary>
    public ChangedColumns ChangesFrom(InfluencerRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var changed = ChangedColumns.None;
        if (Name is not null && !string.Equals(Name, row.Name, StringComparison.Ordinal))
        {
            changed |= ChangedColumns.Name;
        }

        if (Gender is not null && !string.Equals(Gender, row.Gender, StringComparison.Ordinal))
        {
            changed |= ChangedColumns.Gender;
        }

        if (SetsAgeRange && !string.Equals(AgeRange, row.AgeRange, StringComparison.Ordinal))
        {
            changed |= ChangedColumns.AgeRange;
        }

        if (BrandVoice is not null && !string.Equals(BrandVoice, row.BrandVoice, StringComparison.Ordinal))
        {
            changed |= ChangedColumns.BrandVoice;
        }

        if (Language is not null && !string.Equals(Language, row.Language, StringComparison.Ordinal))
        {
            changed |= ChangedColumns.Language;
        }

        return changed;
    }
}
