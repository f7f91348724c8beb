using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Layers.IntegrationTests.OpenApi;

/// <summary>The document as served: its version, its security and the servers it lists.</summary>
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
    public async Task Outside_development_the_document_lists_only_the_production_server()
    {
        using var client = fixture.CreateClient();

        Assert.Equal([Production], Servers(await OpenApiDocument.GetAsync(client)));
    }

    [Fact]
    public async Task In_development_the_document_lists_the_requests_own_origin_first_then_production()
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

        Assert.Equal(["http://localhost:5080", Production], Servers(await OpenApiDocument.GetAsync(local)));
        Assert.Equal(["https://layers.test", Production], Servers(await OpenApiDocument.GetAsync(other)));
    }

    private static IEnumerable<string?> Servers(OpenApiDocument document) =>
        document.Root.GetProperty("servers").EnumerateArray().Select(server => server.GetProperty("url").GetString());
}
