namespace Layers.Domain.Organizations;

public readonly record struct OrgId
{
    public OrgId(Guid value)
    {
        if (value == Guid.Empty)
        {
            throw new Common.DomainException("An org id cannot be empty.");
        }

        Value = value;
    }

    public Guid Value { get; }

    public static OrgId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}
