using System.Diagnostics.CodeAnalysis;
using Layers.Application.Common.Security;
using Layers.Domain.Common;
using Layers.Domain.Organizations;

namespace Layers.Application.Operations;

/// <summary>
/// The rules an operator's arguments follow, with the message that explains each: the CLI checks
/// them while parsing, before it reads any configuration, and <see cref="OperatorService"/> again
/// for any other caller.
/// </summary>
public static class OperatorArguments
{
    public static bool TryOrgSlug(string? value, [NotNullWhen(true)] out OrgSlug? slug, [NotNullWhen(false)] out string? error)
    {
        error = OrgSlug.TryCreate(value, out slug)
            ? null
            : $"Invalid org slug '{value}': use lowercase letters, digits and hyphens (at most {OrgSlug.MaxLength}).";
        return error is null;
    }

    /// <param name="what">What the name names, as the message says it: "project", "key".</param>
    public static bool TryName(string what, string? value, [NotNullWhen(true)] out DisplayName? name, [NotNullWhen(false)] out string? error)
    {
        error = DisplayName.TryCreate(value, out name, out var reason) ? null : $"Invalid {what} name: {reason}";
        return error is null;
    }

    public static bool TryScopes(IReadOnlyCollection<string> scopes, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        error = scopes.Count > 0 && scopes.All(Scopes.IsKnown) ? null : $"Scopes must be one or more of: {string.Join(", ", Scopes.All)}.";
        return error is null;
    }

    /// <summary>The --scopes list as typed: comma-separated, blanks around names ignored.</summary>
    public static string[] SplitScopes(string? scopes) =>
        (scopes ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
