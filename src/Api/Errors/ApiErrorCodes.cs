namespace Layers.Api.Errors;

/// <summary>The stable <c>error.code</c> values clients branch on.</summary>
public static class ApiErrorCodes
{
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string ForbiddenScope = "FORBIDDEN_SCOPE";
    public const string NotFound = "NOT_FOUND";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string RequestTimeout = "REQUEST_TIMEOUT";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string Validation = "VALIDATION";
    public const string PreconditionFailed = "PRECONDITION_FAILED";
    public const string Conflict = "CONFLICT";
    public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";
    public const string RateLimited = "RATE_LIMITED";
    public const string Internal = "INTERNAL";
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";
}
