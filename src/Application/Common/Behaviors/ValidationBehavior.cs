using FluentValidation;
using FluentValidation.Results;
using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Input;
using Layers.Application.Common.Validation;
using MediatR;

namespace Layers.Application.Common.Behaviors;

/// <summary>
/// After authorization: the problems its caller found in the input (<see cref="IHasInputErrors"/>)
/// and every validator's findings, reported at once.
/// </summary>
public sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators) : IPipelineBehavior<TRequest, TResponse>
{
    // Read once per request type: what the refusal calls the input it refuses.
    private static readonly string InvalidMessage = typeof(TRequest).IsAssignableTo(typeof(IHasParameterInput))
        ? RequestValidationException.InvalidParameters
        : RequestValidationException.InvalidBody;

    private readonly IValidator<TRequest>[] validators = [.. validators];

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);

        // Allocated only when something fails: valid requests are the hot path.
        List<ValidationFailure>? failures = null;
        if (request is IHasInputErrors { InputErrors: { IsEmpty: false } input })
        {
            failures = [.. input.FormErrors.Select(InputRules.FormError), .. input.FieldErrors.Select(error => new ValidationFailure(error.Key, error.Value))];
        }

        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(request, cancellationToken).ConfigureAwait(false);
            if (!result.IsValid)
            {
                (failures ??= []).AddRange(result.Errors);
            }
        }

        if (failures is not null)
        {
            throw ToException(failures);
        }

        return await next().ConfigureAwait(false);
    }

    private static RequestValidationException ToException(List<ValidationFailure> failures)
    {
        var formErrors = failures
            .Where(InputRules.IsFormError)
            .Select(failure => failure.ErrorMessage)
            .ToList();
        var fieldErrors = failures
            .Where(failure => !InputRules.IsFormError(failure))
            .GroupBy(failure => failure.PropertyName, StringComparer.Ordinal)
            .ToDictionary(
                group => group.Key,
                group => (IReadOnlyList<string>)[.. group.Select(failure => failure.ErrorMessage).Distinct(StringComparer.Ordinal)],
                StringComparer.Ordinal);
        return new RequestValidationException(InvalidMessage, formErrors, fieldErrors);
    }
}
