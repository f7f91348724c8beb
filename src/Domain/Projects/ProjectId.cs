using System.Diagnostics.CodeAnalysis;
using Layers.Domain.Common;

namespace Layers.Domain.Projects;

/// <summary>A project id, rendered as <c>prj_&lt;uuid&gt;</c>.</summary>
public readonly record struct ProjectId
{
    public const string Prefix = "prj_";

    public ProjectId(Guid value)
    {
        if (value == Guid.Empty)
        {
            throw new DomainException("A project id cannot be empty.");
        }

        Value = value;
    }

    public Guid Value { get; }

    public static ProjectId New() => new(Guid.CreateVersion7());

    /// <summary>Accepts <c>prj_&lt;uuid&gt;</c> or the bare uuid, hex in either case.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ProjectId? id)
    {
        id = PrefixedGuid.TryParse(text, Prefix, out var guid) ? new ProjectId(guid) : null;
        return id is not null;
    }

    public override string ToString() => PrefixedGuid.Format(Prefix, Value);
}
