namespace Layers.Application.Common.Idempotency;

/// <summary>
/// A command that its caller may ask to be carried out at most once per key (see
/// <see cref="Behaviors.IdempotencyBehavior{TRequest, TResponse}"/>); without a key, it runs as any other.
/// </summary>
public interface IIdempotentCommand
{
    IdempotencyKey? IdempotencyKey { get; }
}
