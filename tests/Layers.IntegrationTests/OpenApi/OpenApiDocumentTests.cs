using System.Net;
using System.Text.Json;
using Layers.Domain.Common;
using Layers.Domain.Influencers;
using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Layers.IntegrationTests.OpenApi;

/// <summary>The hand-written document must say what the API does.</summary>
public sealed class OpenApiDocumentTests(LayersFixture fixture)
{
    private async Task<JsonElement> DocumentAsync()
    {
        using var client = fixture.CreateClient();
        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
    }

    [Fact]
    public async Task The_document_is_openapi_3_1_with_bearer_security()
    {
        var document = await DocumentAsync();

        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal(("http", "bearer"), (bearer.GetProperty("type").GetString(), bearer.GetProperty("scheme").GetString()));
    }

    [Fact]
    public async Task The_patch_body_schema_is_strict_with_the_exact_enums_and_a_nullable_age_range()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        var body = schemas.GetProperty("PatchInfluencerBody");

        Assert.False(body.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(1, body.GetProperty("minProperties").GetInt32());
        var properties = body.GetProperty("properties");
        Assert.Equal(["name", "gender", "ageRange", "brandVoice", "language"], properties.EnumerateObject().Select(p => p.Name));
        Assert.Equal(WireNames.All<Gender>(), Enum(schemas.GetProperty("Gender")));
        Assert.Equal(WireNames.All<BrandVoice>(), Enum(schemas.GetProperty("BrandVoice")));
        var ageRange = properties.GetProperty("ageRange");
        Assert.Equal(["string", "null"], ageRange.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal([.. WireNames.All<AgeRange>(), null], ageRange.GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Every_api_route_and_method_is_documented()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var routes = fixture.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText!.TrimStart('/').StartsWith("v1/", StringComparison.Ordinal))
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods
                .Select(method => ("/" + endpoint.RoutePattern.RawText!.TrimStart('/'), method.ToLowerInvariant())))
            .ToList();

        Assert.Equal(5, routes.Count);
        Assert.All(routes, route => Assert.True(
            paths.TryGetProperty(route.Item1, out var path) && path.TryGetProperty(route.Item2, out _),
            $"{route.Item2} {route.Item1} is not in the OpenAPI document"));
    }

    [Fact]
    public async Task Every_error_code_of_the_api_is_in_the_error_schema()
    {
        var codes = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").GetProperty("ErrorCode");
        var declared = typeof(Layers.Api.Errors.ApiErrorCodes).GetFields().Select(field => (string)field.GetValue(null)!);

        Assert.Equal(declared.Order(), Enum(codes).Order());
    }

    private static IEnumerable<string?> Enum(JsonElement schema) =>
        schema.GetProperty("enum").EnumerateArray().Select(value => value.GetString());
}
