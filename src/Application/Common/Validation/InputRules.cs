using FluentValidation;
using FluentValidation.Results;
using Layers.Application.Common.Input;

namespace Layers.Application.Common.Validation;

/// <summary>Rules about a request's fields as a whole, and how problems are told apart.</summary>
public static class InputRules
{
    public const string RequiredMessage = "Required";

    /// <summary>
    /// Marks a failure about the input as a whole. An empty property name cannot, because a client
    /// may send a property named "" (reported, like any unknown one, as a field error).
    /// </summary>
    public const string FormErrorCode = "FormError";

    public static bool IsFormError(ValidationFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.ErrorCode == FormErrorCode;
    }

    public static ValidationFailure FormError(string message) => new(string.Empty, message) { ErrorCode = FormErrorCode };

    /// <summary>"Required" when the field is missing, unless its caller already reported what was wrong with it.</summary>
    public static IRuleBuilderOptions<T, TValue?> Required<T, TValue>(this IRuleBuilder<T, TValue?> rule, string field)
        where T : IHasInputErrors
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule
            .Must((request, value) => value is not null || request.InputErrors.HasFieldError(field))
            .WithMessage(RequiredMessage)
            .OverridePropertyName(field);
    }
}
