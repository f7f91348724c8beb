namespace Layers.Application.Common.Input;

/// <summary>
/// Problems found while a caller's input was being turned into a request, before the request
/// could hold it: input that is not of the expected shape, fields the request does not have,
/// values of the wrong type. They travel with the request so that the validation step reports
/// them together with its own findings, in one answer, after authorization, whoever the caller.
/// Form errors are about the input as a whole; field errors are keyed by the field's name.
/// </summary>
public sealed class InputErrors
{
    private InputErrors(IReadOnlyList<string> formErrors, IReadOnlyList<KeyValuePair<string, string>> fieldErrors)
    {
        FormErrors = formErrors;
        FieldErrors = fieldErrors;
    }

    public static InputErrors None { get; } = new([], []);

    public IReadOnlyList<string> FormErrors { get; }

    public IReadOnlyList<KeyValuePair<string, string>> FieldErrors { get; }

    public bool IsEmpty => FormErrors.Count == 0 && FieldErrors.Count == 0;

    public static InputErrors Of(IReadOnlyList<string> formErrors, IReadOnlyList<KeyValuePair<string, string>> fieldErrors) =>
        formErrors.Count == 0 && fieldErrors.Count == 0 ? None : new(formErrors, fieldErrors);

    public bool HasFieldError(string field)
    {
        for (var i = 0; i < FieldErrors.Count; i++)
        {
            if (string.Equals(FieldErrors[i].Key, field, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A request that may carry <see cref="InputErrors"/> from the caller that built it.</summary>
public interface IHasInputErrors
{
    InputErrors InputErrors { get; }
}

/// <summary>
/// A request whose caller's input is a set of named parameters (a listing's filter and page)
/// rather than a document of fields, so that its refusal is worded for parameters.
/// </summary>
public interface IHasParameterInput : IHasInputErrors;
