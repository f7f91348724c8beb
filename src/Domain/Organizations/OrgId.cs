using Layers.Domain.Common;

namespace Layers.Domain.Organizations;

public readonly record struct OrgId
{
    public OrgId(Guid value) => Value = IdValue.Checked(value, "An org id");

    public Guid Value { get; }

    public static OrgId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}
