namespace Layers.Application.Common.Exceptions;

/// <summary>
/// The request is not acceptable. Carries every problem found: form errors are about the input as
/// a whole, field errors are keyed by the name of the field (or parameter) as the client sent it.
/// </summary>
public sealed class RequestValidationException : Exception
{
    /// <summary>The refusal of a request whose input is a document of fields.</summary>
    public const string InvalidBody = "Invalid body.";

    /// <summary>The refusal of a request whose input is named parameters (<see cref="Input.IHasParameterInput"/>).</summary>
    public const string InvalidParameters = "Invalid query parameters.";

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
        : this(InvalidBody, formErrors, fieldErrors)
    {
    }

    /// <param name="message">What was refused as a whole: <see cref="InvalidBody"/> or <see cref="InvalidParameters"/>.</param>
    public RequestValidationException(
        string message,
        IReadOnlyList<string> formErrors,
        IReadOnlyDictionary<string, IReadOnlyList<string>> fieldErrors)
        : base(message)
    {
        FormErrors = formErrors;
        FieldErrors = fieldErrors;
    }

    public IReadOnlyList<string> FormErrors { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors { get; }
}
