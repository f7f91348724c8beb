using System.Text.Json;
using System.Text.Json.Nodes;
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

    /// <summary>
    /// In development the document lists the request's own origin as its first server, so that the
    /// reference page's requests go to the API that served it rather than to production. Elsewhere
    /// it is served as written: a Host header is the client's to choose, and reflecting it in a
    /// public document would let a shared cache serve someone else's origin.
    /// </summary>
    public static IEndpointRouteBuilder MapOpenApiDocument(this IEndpointRouteBuilder endpoints, bool development)
    {
        // A plain request delegate, like the health endpoints: nothing for RequestDelegateFactory to compile.
        endpoints.MapMethods(DocumentPath, [HttpMethods.Get, HttpMethods.Head], context =>
                Results.Bytes(development ? WithServerFirst(Origin(context.Request)) : Document.Value, "application/json").ExecuteAsync(context))
            .AllowAnonymous()
            .ExcludeFromDescription();
        if (development)
        {
            endpoints.MapScalarApiReference("/docs", options => options
                .WithTitle("Layers API")
                .WithOpenApiRoutePattern(DocumentPath))
                .AllowAnonymous()
                .ExcludeFromDescription();
        }

        return endpoints;
    }

    /// <summary>Scheme, host and path base of the request, e.g. <c>http://localhost:5080</c>.</summary>
    public static string Origin(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}";
    }

    private static byte[] WithServerFirst(string url)
    {
        var document = JsonNode.Parse(Document.Value)!.AsObject();
        var servers = document["servers"]!.AsArray();
        servers.Insert(0, new JsonObject { ["url"] = url, ["description"] = "This server (development)." });
        return JsonSerializer.SerializeToUtf8Bytes(document);
    }
}
