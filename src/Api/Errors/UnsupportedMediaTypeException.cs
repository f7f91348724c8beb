namespace Layers.Api.Errors;

public sealed class UnsupportedMediaTypeException : Exception
{
    public const string EncodingMessage = "Request bodies are not decoded: send the body without a Content-Encoding (identity only).";

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
