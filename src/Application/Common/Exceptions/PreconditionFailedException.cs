namespace Layers.Application.Common.Exceptions;

/// <summary>
/// The stored version does not meet the client's precondition: it changed since the client read
/// it, or it is a version the client asked not to act on.
/// </summary>
public sealed class PreconditionFailedException : Exception
{
    public const string DefaultMessage = "The influencer's current version does not meet the request's precondition.";

    public PreconditionFailedException()
        : this(DefaultMessage)
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
