using FluentValidation;
using FluentValidation.Results;
using Layers.Application.Common.Bodies;

namespace Layers.Application.Common.Validation;

/// <summary>Rules every strict JSON body obeys, and the plumbing for per-field checks.</summary>
public static class BodyRules
{
    public const string Required = "Required";

    /// <summary>
    /// Marks a failure about the body as a whole. An empty property name cannot, because a client
    /// may send a property named "" (reported, like any unknown one, as a field error).
    /// </summary>
    public const string FormErrorCode = "FormError";

    private const string MessageArgument = "BodyRuleMessage";

    public static string TypeMismatch(string expected, BodyValue received) =>
        $"Expected {expected}, received {received.TypeName}";

    /// <summary>
    /// Form errors from reading the body, "at least one field", and one "Unrecognized field." per
    /// property the command does not know (names are case-sensitive).
    /// </summary>
    public static void StrictObject<T>(this AbstractValidator<T> validator, bool requireAtLeastOneField)
        where T : IHasJsonBody
    {
        ArgumentNullException.ThrowIfNull(validator);
        validator.RuleFor(request => request.Body).Custom((body, context) =>
        {
            // Added as failures, not as message templates: a form error can quote a client's field name.
            foreach (var error in body.FormErrors)
            {
                context.AddFailure(FormError(error));
            }

            if (requireAtLeastOneField && body.FormErrors.Count == 0 && body.Properties.Count == 0)
            {
                context.AddFailure(FormError("At least one field is required."));
            }

            foreach (var property in body.Properties)
            {
                if (!context.InstanceToValidate.KnownFields.Contains(property.Key))
                {
                    context.AddFailure(property.Key, "Unrecognized field.");
                }
            }
        });
    }

    /// <summary>
    /// Reports <paramref name="check"/>'s message, if any, when the field was sent. The message can
    /// quote the client's value, so it is passed as a placeholder value: FluentValidation expands
    /// placeholders such as <c>{PropertyName}</c> in a message template, but not in the values
    /// substituted into it.
    /// </summary>
    public static IRuleBuilderOptions<T, BodyValue?> Satisfies<T>(
        this IRuleBuilder<T, BodyValue?> rule,
        Func<BodyValue, string?> check)
    {
        ArgumentNullException.ThrowIfNull(rule);

        // FluentValidation formats messages as templates, so a message quoting the client's value
        // ("received '{PropertyName}'") would have its placeholders replaced; passed as an argument,
        // the message is inserted as it is.
        return rule
            .Must((_, value, context) =>
            {
                if (value is { } sent && check(sent) is { } message)
                {
                    context.MessageFormatter.AppendArgument(MessageArgument, message);
                    return false;
                }

                return true;
            })
            .WithMessage($"{{{MessageArgument}}}");
    }

    /// <summary>Reports "Required" when the field was not sent.</summary>
    public static IRuleBuilderOptions<T, BodyValue?> Present<T>(this IRuleBuilder<T, BodyValue?> rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.NotNull().WithMessage(Required);
    }

    public static bool IsFormError(ValidationFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.ErrorCode == FormErrorCode;
    }

    private static ValidationFailure FormError(string message) => new(string.Empty, message) { ErrorCode = FormErrorCode };

    /// <summary>The one message for a value outside an enum, listing the accepted values.</summary>
    public static string InvalidEnum(IReadOnlyList<string> accepted, string received) =>
        $"Invalid enum value. Expected {string.Join(" | ", accepted.Select(name => $"'{name}'"))}, received '{received}'";
}
