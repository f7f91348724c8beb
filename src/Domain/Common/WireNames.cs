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
        where TEnum : struct, Enum
    {
        var values = Names<TEnum>.Values;
        for (var i = 0; i < values.Length; i++)
        {
            if (EqualityComparer<TEnum>.Default.Equals(values[i], value))
            {
                return Names<TEnum>.InOrder[i];
            }
        }

        throw new DomainException($"{value} is not a defined {typeof(TEnum).Name}.");
    }

    /// <summary>Exact, case-sensitive match: the API's enums are lowercase.</summary>
    public static bool TryParse<TEnum>(string? name, [NotNullWhen(true)] out TEnum? value)
        where TEnum : struct, Enum
    {
        var names = Names<TEnum>.InOrder;
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                value = Names<TEnum>.Values[i];
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>As <see cref="TryParse{TEnum}(string?, out TEnum?)"/>, with what a caller is told when <paramref name="name"/> is no wire name.</summary>
    public static bool TryParse<TEnum>(string name, out TEnum value, [NotNullWhen(false)] out string? error)
        where TEnum : struct, Enum
    {
        var parsed = TryParse<TEnum>(name, out TEnum? found);
        value = found.GetValueOrDefault();
        error = parsed ? null : Invalid<TEnum>(name);
        return parsed;
    }

    public static TEnum Parse<TEnum>(string? name)
        where TEnum : struct, Enum =>
        TryParse<TEnum>(name, out var value)
            ? value.Value
            : throw new DomainException($"'{name}' is not a valid {typeof(TEnum).Name}.");

    /// <summary>The one message for a text outside an enum: the accepted names, and the text echoed verbatim.</summary>
    public static string Invalid<TEnum>(string received)
        where TEnum : struct, Enum =>
        $"Invalid enum value. Expected {string.Join(" | ", Names<TEnum>.InOrder.Select(name => $"'{name}'"))}, received '{received}'";

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

    // Searched in order: an enum here has a handful of members. A frozen dictionary per enum type
    // was generic code over that type, which ReadyToRun cannot precompile: building the four took
    // tens of milliseconds of JIT in the API's first request.
    private static class Names<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly TEnum[] Values = Enum.GetValues<TEnum>();

        public static readonly string[] InOrder = SnakeCaseNames(Values);

        private static string[] SnakeCaseNames(TEnum[] values)
        {
            var names = new string[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                names[i] = ToSnakeCase(values[i].ToString());
            }

            return names;
        }
    }
}
