namespace Layers.Application.Common.Exceptions;

/// <summary>The resource changed since the client read it (its <c>If-Match</c> no longer holds).</summary>
public sealed class PreconditionFailedException : Exception
{
    public PreconditionFailedException()
        : this("The influencer was changed since it was read; fetch it again and retry.")
    {
    }

    public PreconditionFailedException(string message)
        : base(message)
    {
    }

    public PreconditionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
