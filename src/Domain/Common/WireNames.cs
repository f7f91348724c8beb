using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Layers.Domain.Common;

/// <summary>
/// The snake_case names by which an enum's defined members are spoken in the API and stored in
/// the database (<c>NonBinary</c> is <c>non_binary</c>). Computed once per enum type.
/// </summary>
public static class WireNames
{
    /// <summary>The wire names in declaration order.</summary>
    public static IReadOnlyList<string> All<TEnum>()
        where TEnum : struct, Enum => Names<TEnum>.InOrder;

    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Names<TEnum>.ByValue.TryGetValue(value, out var name)
            ? name
            : throw new DomainException($"{value} is not a defined {typeof(TEnum).Name}.");

    /// <summary>Exact, case-sensitive match: the API's enums are lowercase.</summary>
    public static bool TryParse<TEnum>(string? name, [NotNullWhen(true)] out TEnum? value)
        where TEnum : struct, Enum
    {
        if (name is not null && Names<TEnum>.ByName.TryGetValue(name, out var found))
        {
            value = found;
            return true;
        }

        value = null;
        return false;
    }

    public static TEnum Parse<TEnum>(string? name)
        where TEnum : struct, Enum =>
        TryParse<TEnum>(name, out var value)
            ? value.Value
            : throw new DomainException($"'{name}' is not a valid {typeof(TEnum).Name}.");

    private static string ToSnakeCase(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(pascal[i]));
        }

        return builder.ToString();
    }

    private static class Names<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ByValue =
            Enum.GetValues<TEnum>().ToFrozenDictionary(value => value, value => ToSnakeCase(value.ToString()));

        public static readonly FrozenDictionary<string, TEnum> ByName =
            ByValue.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

        public static readonly string[] InOrder = [.. Enum.GetValues<TEnum>().Select(value => ByValue[value])];
    }
}
