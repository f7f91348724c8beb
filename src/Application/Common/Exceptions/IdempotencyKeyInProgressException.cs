namespace Layers.Application.Common.Exceptions;

/// <summary>Another request with the same Idempotency-Key is still being carried out; answered 409.</summary>
public sealed class IdempotencyKeyInProgressException : Exception
{
    public IdempotencyKeyInProgressException()
        : this("A request with this Idempotency-Key is still in progress. Retry after Retry-After seconds to get its outcome.")
    {
    }

    public IdempotencyKeyInProgressException(string message)
        : base(message)
    {
    }

    public IdempotencyKeyInProgressException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
