namespace Layers.Application.Common.Exceptions;

/// <summary>The Idempotency-Key was already used for another request (method, path or body); answered 422.</summary>
public sealed class IdempotencyKeyReusedException : Exception
{
    public IdempotencyKeyReusedException()
        : this("This Idempotency-Key was already used for a different request (another method, path or body). Use a new key for each new request.")
    {
    }

    public IdempotencyKeyReusedException(string message)
        : base(message)
    {
    }

    public IdempotencyKeyReusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
