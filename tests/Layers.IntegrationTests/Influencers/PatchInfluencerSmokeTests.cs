using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Influencers;

public sealed class PatchInfluencerSmokeTests(LayersFixture fixture)
{
    [Fact]
    public async Task Patch_changes_brand_voice_and_language_as_in_the_spec_example()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();

        using var content = new StringContent("""{ "brandVoice": "casual", "language": "es-MX" }""", Encoding.UTF8, "application/json");
        using var response = await client.PatchAsync(new Uri($"/v1/influencers/{influencer.Id}", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("casual", body.GetProperty("brandVoice").GetString());
        Assert.Equal("es-MX", body.GetProperty("language").GetString());
        var row = await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value);
        Assert.NotNull(row);
        Assert.Equal("casual", row.BrandVoice);
        Assert.Equal("es-MX", row.Language);
    }
}
