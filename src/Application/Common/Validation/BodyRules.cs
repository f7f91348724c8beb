using FluentValidation;
using Layers.Application.Common.Bodies;

namespace Layers.Application.Common.Validation;

/// <summary>Rules every strict JSON body obeys, and the plumbing for per-field checks.</summary>
public static class BodyRules
{
    public const string Required = "Required";

    private const string MessageArgument = "FieldMessage";

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
            foreach (var error in body.FormErrors)
            {
                context.AddFailure(string.Empty, error);
            }

            if (requireAtLeastOneField && body.FormErrors.Count == 0 && body.Properties.Count == 0)
            {
                context.AddFailure(string.Empty, "At least one field is required.");
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

    /// <summary>Reports <paramref name="check"/>'s message, if any, when the field was sent.</summary>
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
                if (value is not { } sent || check(sent) is not { } message)
                {
                    return true;
                }

                context.MessageFormatter.AppendArgument(MessageArgument, message);
                return false;
            })
            .WithMessage($"{{{MessageArgument}}}");
    }

    /// <summary>Reports "Required" when the field was not sent.</summary>
    public static IRuleBuilderOptions<T, BodyValue?> Present<T>(this IRuleBuilder<T, BodyValue?> rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.NotNull().WithMessage(Required);
    }

    /// <summary>The one message for a value outside an enum, listing the accepted values.</summary>
    public static string InvalidEnum(IReadOnlyList<string> accepted, string received) =>
        $"Invalid enum value. Expected {string.Join(" | ", accepted.Select(name => $"'{name}'"))}, received '{received}'";
}
