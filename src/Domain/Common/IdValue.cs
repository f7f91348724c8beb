namespace Layers.Domain.Common;

/// <summary>The rule every id shares, prefixed (<see cref="PrefixedId{TKind}"/>) or bare (OrgId): the empty uuid names nothing.</summary>
internal static class IdValue
{
    public static bool IsValid(Guid value) => value != Guid.Empty;

    /// <summary><paramref name="value"/> when it is an id; <paramref name="name"/> starts the message otherwise ("An org id").</summary>
    public static Guid Checked(Guid value, string name) =>
        IsValid(value) ? value : throw new DomainException($"{name} cannot be empty.");
}
