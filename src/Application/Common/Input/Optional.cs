using System.Diagnostics.CodeAnalysis;

namespace Layers.Application.Common.Input;

/// <summary>
/// A field of a partial update: absent (<c>default</c>: leave it as it is), or given with a value
/// (assign the value). Where the field can be cleared, <typeparamref name="T"/> is nullable and a
/// given null asks to clear it.
/// </summary>
[SuppressMessage("Naming", "CA1716", Justification = "The name the design uses; no Visual Basic caller.")]
public readonly record struct Optional<T>
{
    private readonly T value;

    public Optional(T value)
    {
        this.value = value;
        IsGiven = true;
    }

    public bool IsGiven { get; }

    public T Value => IsGiven ? value : throw new InvalidOperationException("The field was not given.");

    public static implicit operator Optional<T>(T value) => new(value);
}
