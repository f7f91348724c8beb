using System.Net;
using System.Text.Json;
using Layers.Api.OpenApi;
using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Layers.IntegrationTests.OpenApi;

/// <summary>The document as the API serves it, with the lookups the contract tests share.</summary>
public sealed class OpenApiDocument(JsonElement root)
{
    private static readonly string[] OperationKeys = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    public JsonElement Root => root;

    public JsonElement Schemas => root.GetProperty("components").GetProperty("schemas");

    /// <summary>The whole document (<see cref="OpenApiEndpoints.FullDocumentPath"/>), or the one at <paramref name="path"/>.</summary>
    public static async Task<OpenApiDocument> GetAsync(HttpClient client, string path = OpenApiEndpoints.FullDocumentPath)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new OpenApiDocument(JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Every operation as "METHOD /path", the method in upper case as HTTP spells it.</summary>
    public IEnumerable<(string Key, JsonElement PathItem, JsonElement Operation)> Operations() =>
        root.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(member => OperationKeys.Contains(member.Name, StringComparer.Ordinal))
            .Select(member => ($"{member.Name.ToUpperInvariant()} {path.Name}", path.Value, member.Value)));

    public JsonElement Operation(string key) => Assert.Single(Operations(), operation => operation.Key == key).Operation;

    /// <summary>Follows local <c>$ref</c>s (<c>#/components/...</c>) until a definition.</summary>
    public JsonElement Resolve(JsonElement element)
    {
        while (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference))
        {
            var pointer = reference.GetString()!;
            Assert.StartsWith("#/", pointer, StringComparison.Ordinal);
            element = pointer[2..].Split('/').Aggregate(root, (node, name) => node.GetProperty(name));
        }

        return element;
    }

    public JsonElement Schema(string name) => Resolve(Schemas.GetProperty(name));

    /// <summary>A schema resolved, or for a nullable one (<c>anyOf</c> a schema and <c>null</c>) its other branch resolved.</summary>
    public JsonElement ResolveNonNull(JsonElement schema)
    {
        schema = Resolve(schema);
        return schema.TryGetProperty("anyOf", out var branches)
            ? Resolve(Assert.Single(branches.EnumerateArray(), branch => !IsNull(branch)))
            : schema;
    }

    /// <summary>The schema of an operation's JSON request body, resolved.</summary>
    public JsonElement RequestBodySchema(JsonElement operation) =>
        Resolve(Resolve(operation.GetProperty("requestBody")).GetProperty("content").GetProperty("application/json").GetProperty("schema"));

    public static IReadOnlyList<string> PropertyNames(JsonElement schema) =>
        [.. schema.GetProperty("properties").EnumerateObject().Select(property => property.Name)];

    public static IReadOnlyList<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? [.. required.EnumerateArray().Select(name => name.GetString()!)] : [];

    /// <summary>The non-null values of a schema's <c>enum</c>.</summary>
    public static IReadOnlyList<string> EnumValues(JsonElement schema) =>
        [.. schema.GetProperty("enum").EnumerateArray().Where(value => value.ValueKind != JsonValueKind.Null).Select(value => value.GetString()!)];

    /// <summary>Whether a schema's <c>type</c> lists <c>null</c>, or it is <c>anyOf</c> a schema and <c>{"type": "null"}</c>.</summary>
    public static bool AllowsNull(JsonElement schema) =>
        (schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(name => name.GetString() == "null"))
        || (schema.TryGetProperty("anyOf", out var branches) && branches.EnumerateArray().Any(IsNull));

    private static bool IsNull(JsonElement schema) =>
        schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "null";
}

/// <summary>
/// What the app itself routes: every endpoint that is not excluded from description, as the
/// document spells it ("METHOD /v1/influencers/{influencerId}").
/// </summary>
public sealed record AppOperation(string Method, string Path, RouteEndpoint Endpoint)
{
    public string Key => $"{Method} {Path}";

    public IReadOnlyList<string> RouteParameters => [.. Endpoint.RoutePattern.Parameters.Select(parameter => parameter.Name)];

    /// <summary>The path with each route parameter filled in with <paramref name="value"/>.</summary>
    public string PathWith(string value) =>
        RouteParameters.Aggregate(Path, (path, name) => path.Replace("{" + name + "}", value, StringComparison.Ordinal));

    public static IReadOnlyList<AppOperation> All(LayersFixture fixture) =>
        [.. fixture.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(method => new AppOperation(method, PathOf(endpoint.RoutePattern), endpoint)))
            .DistinctBy(operation => operation.Key)
            .OrderBy(operation => operation.Key, StringComparer.Ordinal)];

    private static string PathOf(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => throw new InvalidOperationException($"Unexpected route part {part}."),
        }))));
}
