using FluentValidation;
using FluentValidation.Results;
using Layers.Application.Common.Bodies;
using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Validation;
using MediatR;

namespace Layers.Application.Common.Behaviors;

/// <summary>
/// After authorization: refuses a body that could not be read (413, 415), then runs every
/// validator of the request and reports all their problems at once.
/// </summary>
public sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators) : IPipelineBehavior<TRequest, TResponse>
{
    private readonly IValidator<TRequest>[] validators = [.. validators];

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (request is IHasJsonBody { Body.Rejection: var rejection } && rejection != BodyRejection.None)
        {
            throw rejection switch
            {
                BodyRejection.TooLarge => new PayloadTooLargeException(),
                BodyRejection.UnsupportedEncoding => new UnsupportedMediaTypeException(UnsupportedMediaTypeException.EncodingMessage),
                _ => new UnsupportedMediaTypeException(),
            };
        }

        // Allocated only when something fails: valid requests are the hot path.
        List<ValidationFailure>? failures = null;
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
            .Where(BodyRules.IsFormError)
            .Select(failure => failure.ErrorMessage)
            .ToList();
        var fieldErrors = failures
            .Where(failure => !BodyRules.IsFormError(failure))
            .GroupBy(failure => failure.PropertyName, StringComparer.Ordinal)
            .ToDictionary(
                group => group.Key,
                group => (IReadOnlyList<string>)[.. group.Select(failure => failure.ErrorMessage).Distinct(StringComparer.Ordinal)],
                StringComparer.Ordinal);
        return new RequestValidationException(formErrors, fieldErrors);
    }
}
