using System.Text.Json.Serialization;

namespace Layers.Api.Errors;

/// <summary>The body of every error response: <c>{"error":{...}}</c>.</summary>
public sealed record ApiErrorEnvelope(ApiError Error);

public sealed record ApiError(
    string Code,
    string Message,
    string RequestId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ValidationDetails? Details = null);

/// <summary>Both keys are always present, so clients need no null checks.</summary>
public sealed record ValidationDetails(
    IReadOnlyList<string> FormErrors,
    IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors);
