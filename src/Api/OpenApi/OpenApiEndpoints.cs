using Scalar.AspNetCore;

namespace Layers.Api.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document is written by hand: the bodies are read raw (to be strict about
/// unknown, duplicated and null fields), so no generator could describe them. The contract tests
/// (OpenApiContractTests) fail when it and the code disagree on a route, method, status, field,
/// enum value or length limit.
/// </summary>
public static class OpenApiEndpoints
{
    public const string DocumentPath = "/openapi/v1.json";

    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using var stream = typeof(OpenApiEndpoints).Assembly.GetManifestResourceStream("openapi.v1.json")
            ?? throw new InvalidOperationException("The OpenAPI document is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IEndpointRouteBuilder MapOpenApiDocument(this IEndpointRouteBuilder endpoints, bool withReference)
    {
        endpoints.MapMethods(DocumentPath, [HttpMethods.Get, HttpMethods.Head], () => Results.Bytes(Document.Value, "application/json"))
            .AllowAnonymous()
            .ExcludeFromDescription();
        if (withReference)
        {
            endpoints.MapScalarApiReference("/docs", options => options
                .WithTitle("Layers API")
                .WithOpenApiRoutePattern(DocumentPath))
                .AllowAnonymous()
                .ExcludeFromDescription();
        }

        return endpoints;
    }
}
