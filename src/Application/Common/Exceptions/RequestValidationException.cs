namespace Layers.Application.Common.Exceptions;

/// <summary>
/// The request is not acceptable. Carries every problem found: form errors are about the body as
/// a whole, field errors are keyed by the JSON property name as the client sent it.
/// </summary>
public sealed class RequestValidationException : Exception
{
    public RequestValidationException()
        : this([], new Dictionary<string, IReadOnlyList<string>>())
    {
    }

    public RequestValidationException(string message)
        : this([message], new Dictionary<string, IReadOnlyList<string>>())
    {
    }

    public RequestValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        FormErrors = [message];
        FieldErrors = new Dictionary<string, IReadOnlyList<string>>();
    }

    public RequestValidationException(
        IReadOnlyList<string> formErrors,
        IReadOnlyDictionary<string, IReadOnlyList<string>> fieldErrors)
        : base("Invalid body.")
    {
        FormErrors = formErrors;
        FieldErrors = fieldErrors;
    }

    public IReadOnlyList<string> FormErrors { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors { get; }
}
