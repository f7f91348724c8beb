namespace Layers.Application.Common.Exceptions;

/// <summary>No valid API key: missing, malformed, unknown or revoked.</summary>
public sealed class UnauthenticatedException : Exception
{
    public UnauthenticatedException()
        : this("A valid API key is required.")
    {
    }

    public UnauthenticatedException(string message)
        : base(message)
    {
    }

    public UnauthenticatedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
