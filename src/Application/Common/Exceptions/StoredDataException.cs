namespace Layers.Application.Common.Exceptions;

/// <summary>
/// A stored row that breaks the domain's rules and so cannot be rebuilt: a fault of the data, not
/// of the request that read it. Answered 500 and logged as an error, never 422.
/// </summary>
public sealed class StoredDataException : Exception
{
    public StoredDataException()
        : this("A stored row could not be read.")
    {
    }

    public StoredDataException(string message)
        : base(message)
    {
    }

    public StoredDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
