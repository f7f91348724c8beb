using Microsoft.Extensions.Options;

namespace Layers.Infrastructure.Settings;

/// <summary>The lines of one section's check, each naming its key as configuration does.</summary>
public sealed class SettingProblems(string section)
{
    private readonly List<string> problems = [];

    public SettingProblems Range<T>(string key, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            Add(key, FormattableString.Invariant($"must be from {min} to {max}"), value);
        }

        return this;
    }

    /// <summary>Adds <c>Section:Key rule (was value).</c> unless <paramref name="holds"/>.</summary>
    public SettingProblems Check<T>(bool holds, string key, string rule, T value)
    {
        if (!holds)
        {
            Add(key, rule, value);
        }

        return this;
    }

    public ValidateOptionsResult Result => problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);

    private void Add<T>(string key, string rule, T value) =>
        problems.Add(FormattableString.Invariant($"{section}:{key} {rule} (was {value})."));
}
