namespace Layers.Application.Common.Concurrency;

/// <summary>
/// A client's conditions on the stored version of a resource: when given, the version must be one
/// of <see cref="OneOf"/> and none of <see cref="NoneOf"/>.
/// </summary>
public sealed record VersionPrecondition(VersionSet? OneOf, VersionSet? NoneOf)
{
    public bool IsSatisfiedBy(long version) =>
        (OneOf is null || OneOf.Contains(version)) && (NoneOf is null || !NoneOf.Contains(version));
}
