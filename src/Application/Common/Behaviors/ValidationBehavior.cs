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
public sealed class ValidationBehavior<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
{
    // Read once per request type: what the refusal calls the input it refuses.
    private static readonly string InvalidMessage = typeof(TRequest).IsAssignableTo(typeof(IHasParameterInput))
        ? RequestValidationException.InvalidParameters
        : RequestValidationException.InvalidBody;

    private readonly IValidator<TRequest>[] validators;

    // Per validator, once it has shown a rule that must run asynchronously (a MustAsync, a
    // database check): it is validated asynchronously from then on. The others are validated
    // synchronously, which spares a valid request the async machinery of every rule.
    private readonly bool[] validatesAsynchronously;

    public ValidationBehavior(IEnumerable<IValidator<TRequest>> validators)
    {
        this.validators = [.. validators];
        validatesAsynchronously = new bool[this.validators.Length];
    }

    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);

        // Allocated only when something fails: valid requests are the hot path.
        List<ValidationFailure>? failures = null;
        if (request is IHasInputErrors { InputErrors: { IsEmpty: false } input })
        {
            failures = [.. input.FormErrors.Select(InputRules.FormError), .. input.FieldErrors.Select(error => new ValidationFailure(error.Key, error.Value))];
        }

        for (var index = 0; index < validators.Length; index++)
        {
            if (Volatile.Read(ref validatesAsynchronously[index]))
            {
                return HandleAsync(request, index, failures, next, cancellationToken);
            }

            ValidationResult result;
            try
            {
                result = validators[index].Validate(request);
            }
            catch (AsyncValidatorInvokedSynchronouslyException)
            {
                Volatile.Write(ref validatesAsynchronously[index], true);
                return HandleAsync(request, index, failures, next, cancellationToken);
            }

            Collect(result, ref failures);
        }

        return failures is null ? next() : Task.FromException<TResponse>(ToException(failures));
    }

    /// <summary>Goes on from the validator at <paramref name="first"/>, asynchronously.</summary>
    private async Task<TResponse> HandleAsync(TRequest request, int first, List<ValidationFailure>? failures, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken)
    {
        for (var index = first; index < validators.Length; index++)
        {
            Collect(await validators[index].ValidateAsync(request, cancellationToken).ConfigureAwait(false), ref failures);
        }

        if (failures is not null)
        {
            throw ToException(failures);
        }

        return await next().ConfigureAwait(false);
    }

    private static void Collect(ValidationResult result, ref List<ValidationFailure>? failures)
    {
        if (!result.IsValid)
        {
            (failures ??= []).AddRange(result.Errors);
        }
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
