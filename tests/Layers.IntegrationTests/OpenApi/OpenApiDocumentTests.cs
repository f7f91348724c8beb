using System.Text.Json;
using Layers.Api.OpenApi;
using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Layers.IntegrationTests.OpenApi;

/// <summary>
/// The document as served: its version, its security, the servers it lists, and the shapes client
/// generators turn into types (one type per component, no sentinel for null).
/// </summary>
public sealed class OpenApiDocumentTests(LayersFixture fixture)
{
    private const string Production = "https://api.layers.com";

    [Fact]
    public async Task The_document_is_openapi_3_1_with_bearer_security()
    {
        using var client = fixture.CreateClient();
        var document = (await OpenApiDocument.GetAsync(client)).Root;

        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal(("http", "bearer"), (bearer.GetProperty("type").GetString(), bearer.GetProperty("scheme").GetString()));
    }

    [Fact]
    public async Task Outside_development_the_documents_list_only_the_production_server()
    {
        using var client = fixture.CreateClient();

        Assert.Equal([Production], Servers(await OpenApiDocument.GetAsync(client, OpenApiEndpoints.DocumentPath)));
        Assert.Equal([Production], Servers(await OpenApiDocument.GetAsync(client)));
    }

    [Fact]
    public async Task In_development_the_documents_list_the_requests_own_origin_first_then_production()
    {
        await using var development = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Layers", fixture.ConnectionString);
            builder.UseSetting("Database:MinPoolSize", "0");
            builder.UseSetting(LayersFixture.NoDrainDelay.Key, LayersFixture.NoDrainDelay.Value);
            builder.UseEnvironment("Development");
        });
        using var local = development.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost:5080/") });
        using var other = development.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://layers.test/") });

        foreach (var path in new[] { OpenApiEndpoints.DocumentPath, OpenApiEndpoints.FullDocumentPath })
        {
            Assert.Equal(["http://localhost:5080", Production], Servers(await OpenApiDocument.GetAsync(local, path)));
            Assert.Equal(["https://layers.test", Production], Servers(await OpenApiDocument.GetAsync(other, path)));
        }
    }

    [Fact]
    public async Task The_document_for_clients_is_the_full_document_without_HEAD_and_the_health_probes()
    {
        using var client = fixture.CreateClient();
        var full = await OpenApiDocument.GetAsync(client);
        var forClients = await OpenApiDocument.GetAsync(client, OpenApiEndpoints.DocumentPath);

        Assert.Equal(
            [
                "DELETE /v1/influencers/{influencerId}", "GET /v1/influencers", "GET /v1/influencers/{influencerId}",
                "PATCH /v1/influencers/{influencerId}", "POST /v1/influencers", "POST /v1/influencers/{influencerId}/clone",
            ],
            forClients.Operations().Select(operation => operation.Key).Order(StringComparer.Ordinal));
        Assert.Contains("HEAD /v1/influencers/{influencerId}", full.Operations().Select(operation => operation.Key));
        Assert.Contains("GET /readyz", full.Operations().Select(operation => operation.Key));
        foreach (var (key, _, operation) in forClients.Operations())
        {
            Assert.True(JsonElement.DeepEquals(full.Operation(key), operation), key);
        }

        var rest = (OpenApiDocument document) => document.Root.EnumerateObject().Where(member => member.Name != "paths").Select(member => member.Value);
        Assert.True(rest(full).Zip(rest(forClients)).All(pair => JsonElement.DeepEquals(pair.First, pair.Second)), "the documents differ outside their paths");
    }

    /// <summary>
    /// A generator makes one type of a component and refers to it wherever it is named. A nullable
    /// field that spells its enum out again, <c>null</c> among its values, gets a type of its own
    /// each time, with a member for <c>null</c>.
    /// </summary>
    [Fact]
    public async Task Every_field_a_component_describes_refers_to_it_and_nullable_ones_are_any_of_it_and_null()
    {
        using var client = fixture.CreateClient();
        var document = await OpenApiDocument.GetAsync(client);
        var components = new Dictionary<string, string>
        {
            ["name"] = "Name",
            ["gender"] = "Gender",
            ["ageRange"] = "AgeRange",
            ["brandVoice"] = "BrandVoice",
            ["language"] = "Language",
            ["status"] = "InfluencerStatus",
            ["code"] = "ErrorCode",
        };

        var fields = Objects(document.Schemas)
            .Where(schema => schema.TryGetProperty("properties", out _))
            .SelectMany(schema => schema.GetProperty("properties").EnumerateObject())
            .Where(property => components.ContainsKey(property.Name))
            .ToList();

        Assert.Equal(19, fields.Count);
        Assert.All(fields, field =>
        {
            var reference = "#/components/schemas/" + components[field.Name];
            var refersToIt = field.Value.TryGetProperty("$ref", out var direct)
                ? direct.GetString() == reference
                : field.Value.TryGetProperty("anyOf", out var branches)
                  && branches.EnumerateArray().Select(branch => branch.GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal).ReplaceLineEndings(string.Empty)).Order(StringComparer.Ordinal)
                      .SequenceEqual([$$"""{"$ref":"{{reference}}"}""", """{"type":"null"}"""], StringComparer.Ordinal);
            Assert.True(refersToIt, $"{field.Name}: {field.Value}");
        });
        Assert.DoesNotContain(Objects(document.Root), schema => schema.TryGetProperty("enum", out var values) && values.EnumerateArray().Any(value => value.ValueKind == JsonValueKind.Null));
    }

    private static IEnumerable<JsonElement> Objects(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(member => Objects(member.Value)).Prepend(element),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Objects),
        _ => [],
    };

    private static IEnumerable<string?> Servers(OpenApiDocument document) =>
        document.Root.GetProperty("servers").EnumerateArray().Select(server => server.GetProperty("url").GetString());
}
