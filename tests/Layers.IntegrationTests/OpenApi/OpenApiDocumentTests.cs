using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.OpenApi;

/// <summary>The document as served: its version and its security.</summary>
public sealed class OpenApiDocumentTests(LayersFixture fixture)
{
    [Fact]
    public async Task The_document_is_openapi_3_1_with_bearer_security()
    {
        using var client = fixture.CreateClient();
        var document = (await OpenApiDocument.GetAsync(client)).Root;

        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal(("http", "bearer"), (bearer.GetProperty("type").GetString(), bearer.GetProperty("scheme").GetString()));
    }
}
