namespace Layers.Api.Http;

/// <summary>A client address out of budget for failed authentication attempts; answered 429.</summary>
public sealed class TooManyRequestsException : Exception
{
    public TooManyRequestsException()
        : this(1)
    {
    }

    public TooManyRequestsException(int retryAfterSeconds)
        : base("Too many requests. Retry later.")
    {
        RetryAfterSeconds = retryAfterSeconds;
    }

    public TooManyRequestsException(string message)
        : base(message)
    {
        RetryAfterSeconds = 1;
    }

    public TooManyRequestsException(string message, Exception innerException)
        : base(message, innerException)
    {
        RetryAfterSeconds = 1;
    }

    public int RetryAfterSeconds { get; }
}
