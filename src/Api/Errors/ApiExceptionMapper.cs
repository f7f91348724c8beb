using Layers.Api.Binding;
using Layers.Api.Idempotency;
using Layers.Api.Middleware;
using Layers.Application.Common.Exceptions;
using Layers.Domain.Common;
using Npgsql;

namespace Layers.Api.Errors;

/// <summary>
/// The one place where exceptions become HTTP answers. Expected outcomes (not found, forbidden,
/// invalid) are logged below warning; only the unexpected is an error.
/// </summary>
public static class ApiExceptionMapper
{
    public const string RetryAfterSeconds = "5";

    /// <summary>A request holding the same idempotency key ends within the request deadline: soon.</summary>
    public const string InProgressRetryAfterSeconds = "1";

    public static ApiProblem Unavailable { get; } = new(
        StatusCodes.Status503ServiceUnavailable,
        ApiErrorCodes.ServiceUnavailable,
        "The service is temporarily unavailable. Retry later.",
        LogLevel.Warning,
        Headers: new Dictionary<string, string> { ["Retry-After"] = RetryAfterSeconds });

    /// <summary>What <c>/readyz</c> answers once the instance has been asked to stop.</summary>
    public static ApiProblem ShuttingDown { get; } = Unavailable with
    {
        Message = "This instance is shutting down. Send requests to another instance.",
        LogLevel = LogLevel.Information,
    };

    public static ApiProblem Map(Exception exception) => exception switch
    {
        UnauthenticatedException e => new(StatusCodes.Status401Unauthorized, ApiErrorCodes.Unauthenticated, e.Message, LogLevel.Debug,
            Headers: new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer" }),
        ForbiddenScopeException e => new(StatusCodes.Status403Forbidden, ApiErrorCodes.ForbiddenScope, e.Message, LogLevel.Debug),
        PayloadTooLargeException e => new(StatusCodes.Status413PayloadTooLarge, ApiErrorCodes.PayloadTooLarge, e.Message, LogLevel.Debug),
        UnsupportedMediaTypeException e => new(StatusCodes.Status415UnsupportedMediaType, ApiErrorCodes.UnsupportedMediaType, e.Message, LogLevel.Debug),
        RequestValidationException e => Invalid(e.Message, e.FormErrors, e.FieldErrors),
        InvalidRequestHeaderException e => e.Header.Length == 0
            ? Invalid(e.Message, [e.Problem], new Dictionary<string, IReadOnlyList<string>>())
            : Invalid(e.Message, [], new Dictionary<string, IReadOnlyList<string>> { [e.Header] = [e.Problem] }),
        IdempotencyKeyReusedException e => new(StatusCodes.Status422UnprocessableEntity, ApiErrorCodes.IdempotencyKeyReused, e.Message, LogLevel.Debug),
        IdempotencyKeyInProgressException e => new(StatusCodes.Status409Conflict, ApiErrorCodes.Conflict, e.Message, LogLevel.Debug,
            Headers: new Dictionary<string, string> { ["Retry-After"] = InProgressRetryAfterSeconds }),

        // A domain invariant the validators did not foresee: still the client's input, never a 500.
        DomainException e => Invalid(RequestValidationException.InvalidBody, [e.Message], new Dictionary<string, IReadOnlyList<string>>()),
        NotFoundException e => new(StatusCodes.Status404NotFound, ApiErrorCodes.NotFound, e.Message, LogLevel.Debug),
        PreconditionFailedException e => new(StatusCodes.Status412PreconditionFailed, ApiErrorCodes.PreconditionFailed, e.Message, LogLevel.Debug),
        RequestBodyTimeoutException => ForStatus(StatusCodes.Status408RequestTimeout),

        // Raised by the server while reading the request (e.g. a malformed chunked body).
        BadHttpRequestException e => ForStatus(e.StatusCode),
        RequestDeadlineExceededException => Unavailable,
        _ when IsDatabaseUnavailable(exception) => Unavailable,
        _ => new(StatusCodes.Status500InternalServerError, ApiErrorCodes.Internal, "An unexpected error occurred.", LogLevel.Error),
    };

    /// <summary>The envelope of an error status that was answered without a body.</summary>
    public static ApiProblem ForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => Map(new UnauthenticatedException()),
        StatusCodes.Status403Forbidden => Map(new ForbiddenScopeException()),
        StatusCodes.Status404NotFound => new(status, ApiErrorCodes.NotFound, "Route not found.", LogLevel.Debug),
        StatusCodes.Status408RequestTimeout => new(status, ApiErrorCodes.RequestTimeout, new RequestBodyTimeoutException().Message, LogLevel.Debug,
            Headers: new Dictionary<string, string> { ["Connection"] = "close" }),
        StatusCodes.Status405MethodNotAllowed => new(status, ApiErrorCodes.MethodNotAllowed, "Method not allowed on this route.", LogLevel.Debug),
        StatusCodes.Status413PayloadTooLarge => new(status, ApiErrorCodes.PayloadTooLarge, new PayloadTooLargeException().Message, LogLevel.Debug),
        StatusCodes.Status415UnsupportedMediaType => new(status, ApiErrorCodes.UnsupportedMediaType, new UnsupportedMediaTypeException().Message, LogLevel.Debug),

        StatusCodes.Status503ServiceUnavailable => Unavailable,
        >= 500 => new(StatusCodes.Status500InternalServerError, ApiErrorCodes.Internal, "An unexpected error occurred.", LogLevel.Error),
        _ => new(status, ApiErrorCodes.Validation, "Invalid request.", LogLevel.Debug),
    };

    private static ApiProblem Invalid(string message, IReadOnlyList<string> formErrors, IReadOnlyDictionary<string, IReadOnlyList<string>> fieldErrors) =>
        new(StatusCodes.Status422UnprocessableEntity, ApiErrorCodes.Validation, message, LogLevel.Debug,
            new ValidationDetails(formErrors, fieldErrors));

    /// <summary>
    /// Connection failures, timeouts and server shutdowns, as opposed to a bad statement: those
    /// are transient, so the client is told to retry.
    /// </summary>
    private static bool IsDatabaseUnavailable(Exception exception) => exception switch
    {
        // 08: connection exceptions; 57P0x: the server is shutting down, crashed or starting.
        PostgresException postgres => postgres.IsTransient || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("57P0", StringComparison.Ordinal),
        NpgsqlException => true,
        TimeoutException => true,
        _ => exception.InnerException is { } inner && IsDatabaseUnavailable(inner),
    };
}
