using System.Diagnostics.CodeAnalysis;
using Layers.Domain.Common;

namespace Layers.Domain.Organizations;

/// <summary>An org's human handle: 1–63 lowercase ASCII letters, digits and hyphens.</summary>
public sealed record OrgSlug
{
    public const int MaxLength = 63;

    private OrgSlug(string value) => Value = value;

    public string Value { get; }

    public static bool TryCreate(string? text, [NotNullWhen(true)] out OrgSlug? slug)
    {
        slug = IsValid(text) ? new OrgSlug(text!) : null;
        return slug is not null;
    }

    public static OrgSlug Create(string text) =>
        TryCreate(text, out var slug)
            ? slug
            : throw new DomainException($"'{text}' is not a valid org slug (lowercase letters, digits and hyphens).");

    public override string ToString() => Value;

    private static bool IsValid(string? text) =>
        !string.IsNullOrEmpty(text)
        && text.Length <= MaxLength
        && text.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
