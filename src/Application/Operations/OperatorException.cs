namespace Layers.Application.Operations;

/// <summary>An operator asked for something that cannot be done (unknown org, duplicate slug...).</summary>
public sealed class OperatorException : Exception
{
    public OperatorException()
    {
    }

    public OperatorException(string message)
        : base(message)
    {
    }

    public OperatorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
