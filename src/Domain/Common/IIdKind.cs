namespace Layers.Domain.Common;

/// <summary>
/// Says which public id a <see cref="PrefixedId{TKind}"/> is. Implemented by marker types only:
/// the members are static so that the id itself stays a bare <see cref="Guid"/>.
/// </summary>
public interface IIdKind
{
    /// <summary>Starts the rendered id, such as <c>inf_</c>; no two kinds share one.</summary>
    static abstract string Prefix { get; }

    /// <summary>How messages name the id, article included, as it starts a sentence: "An influencer id".</summary>
    static abstract string Name { get; }

    /// <summary>What a caller is told about text that is no such id.</summary>
    static abstract string Invalid { get; }
}
