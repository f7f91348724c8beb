namespace Layers.Application.Common.Exceptions;

public sealed class UnsupportedMediaTypeException : Exception
{
    public UnsupportedMediaTypeException()
        : this("The request body must be application/json or application/merge-patch+json (UTF-8).")
    {
    }

    public UnsupportedMediaTypeException(string message)
        : base(message)
    {
    }

    public UnsupportedMediaTypeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
