using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Scalar.AspNetCore;

namespace Layers.Api.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document is written by hand: the bodies are read raw (to be strict about
/// unknown, duplicated and null fields), so no generator could describe them. The contract tests
/// (OpenApiContractTests) fail when it and the code disagree on a route, method, status, field,
/// enum value or length limit, and OpenApiExampleTests when its examples are not the API's answers.
/// It is served whole at <see cref="FullDocumentPath"/>, and at <see cref="DocumentPath"/>, where
/// client generators look, without what no client calls (<see cref="ForClients"/>).
/// </summary>
public static class OpenApiEndpoints
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string FullDocumentPath = "/openapi/v1-full.json";

    /// <summary>The tag of the operations for load balancers and orchestrators (the health probes).</summary>
    private const string ProbesTag = "Health";

    private static readonly string[] OperationKeys = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private static readonly Lazy<byte[]> FullDocument = new(() =>
    {
        using var stream = typeof(OpenApiEndpoints).Assembly.GetManifestResourceStream("openapi.v1.json")
            ?? throw new InvalidOperationException("The OpenAPI document is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    // A document rewritten here reads as the one written by hand: indented, and with its quotes and
    // angle brackets as they are (it is served as application/json, never inside HTML).
    private static readonly JsonSerializerOptions Rewritten = new(JsonSerializerOptions.Default)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    private static readonly Lazy<byte[]> ClientDocument = new(() =>
        JsonSerializer.SerializeToUtf8Bytes(ForClients(JsonNode.Parse(FullDocument.Value)!.AsObject()), Rewritten));

    /// <summary>
    /// In development the document lists the request's own origin as its first server, so that the
    /// reference page's requests go to the API that served it rather than to production. Elsewhere
    /// it is served as written: a Host header is the client's to choose, and reflecting it in a
    /// public document would let a shared cache serve someone else's origin.
    /// </summary>
    public static IEndpointRouteBuilder MapOpenApiDocument(this IEndpointRouteBuilder endpoints, bool development)
    {
        MapDocument(endpoints, DocumentPath, ClientDocument, development);
        MapDocument(endpoints, FullDocumentPath, FullDocument, development);
        if (development)
        {
            // People read the whole document, HEAD and the probes included.
            endpoints.MapScalarApiReference("/docs", options => options
                .WithTitle("Layers API")
                .WithOpenApiRoutePattern(FullDocumentPath))
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

    /// <summary>
    /// The document without the <c>HEAD</c> operations (each answers as its <c>GET</c> does, with no
    /// content) and the operations tagged <see cref="ProbesTag"/>: generators make a method of every
    /// operation they read, and no client calls these.
    /// </summary>
    private static JsonObject ForClients(JsonObject document)
    {
        var paths = document["paths"]!.AsObject();
        foreach (var (path, item) in paths.ToList())
        {
            var pathItem = item!.AsObject();
            foreach (var (key, operation) in pathItem.Where(member => OperationKeys.Contains(member.Key, StringComparer.Ordinal)).ToList())
            {
                if (key == "head" || (operation!["tags"] is JsonArray tags && tags.Any(tag => tag!.GetValue<string>() == ProbesTag)))
                {
                    pathItem.Remove(key);
                }
            }

            if (!pathItem.Any(member => OperationKeys.Contains(member.Key, StringComparer.Ordinal)))
            {
                paths.Remove(path);
            }
        }

        return document;
    }

    // A plain request delegate, like the health endpoints: nothing for RequestDelegateFactory to compile.
    private static void MapDocument(IEndpointRouteBuilder endpoints, string path, Lazy<byte[]> document, bool development) =>
        endpoints.MapMethods(path, [HttpMethods.Get, HttpMethods.Head], context =>
                Results.Bytes(development ? WithServerFirst(document.Value, Origin(context.Request)) : document.Value, "application/json").ExecuteAsync(context))
            .AllowAnonymous()
            .ExcludeFromDescription();

    private static byte[] WithServerFirst(byte[] written, string url)
    {
        var document = JsonNode.Parse(written)!.AsObject();
        var servers = document["servers"]!.AsArray();
        servers.Insert(0, new JsonObject { ["url"] = url, ["description"] = "This server (development)." });
        return JsonSerializer.SerializeToUtf8Bytes(document, Rewritten);
    }
}
