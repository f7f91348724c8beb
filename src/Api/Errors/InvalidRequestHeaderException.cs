namespace Layers.Api.Errors;

/// <summary>A request header's value is not acceptable; answered 422 with the problem under the header's name.</summary>
public sealed class InvalidRequestHeaderException : Exception
{
    public InvalidRequestHeaderException()
        : this("Invalid request header.")
    {
    }

    public InvalidRequestHeaderException(string message)
        : this(string.Empty, message)
    {
    }

    public InvalidRequestHeaderException(string message, Exception innerException)
        : base(message, innerException)
    {
        Header = string.Empty;
        Problem = message;
    }

    public InvalidRequestHeaderException(string header, string problem)
        : base("Invalid request header.")
    {
        Header = header;
        Problem = problem;
    }

    public string Header { get; }

    public string Problem { get; }
}
