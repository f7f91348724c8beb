using Microsoft.Extensions.Logging;

namespace Layers.Api.Errors;

/// <summary>What an error response says, before the request id is attached.</summary>
public sealed record ApiProblem(
    int Status,
    string Code,
    string Message,
    LogLevel LogLevel,
    ValidationDetails? Details = null,
    IReadOnlyDictionary<string, string>? Headers = null);
