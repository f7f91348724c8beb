using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Http;

/// <summary>Bodies are never decompressed: only an identity (absent) Content-Encoding is read.</summary>
public sealed class ContentEncodingTests(LayersFixture fixture)
{
    private const string Json = """{"brandVoice":"witty"}""";

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    [InlineData("identity, gzip")]
    [InlineData("x-custom")]
    public async Task A_patch_with_a_content_encoding_is_refused_with_415_and_changes_nothing(string encoding)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var before = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        using var client = await tenant.ClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Patch, HttpExtensions.InfluencerUri(influencer.Id)) { Content = Gzipped(Json) };
        request.Content.Headers.ContentEncoding.Clear();
        request.Content.Headers.TryAddWithoutValidation("Content-Encoding", encoding);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
            "Request bodies are not decoded: send the body without a Content-Encoding (identity only).");
        Assert.Equal(before, await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value));
    }

    [Fact]
    public async Task A_post_with_a_content_encoding_is_refused_with_415()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();
        using var content = Gzipped($$"""{"projectId":"{{tenant.Project.Id}}","name":"Mia","gender":"female","brandVoice":"witty","language":"en"}""");

        using var response = await client.PostAsync(new Uri("/v1/influencers", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task An_identity_content_encoding_is_read_as_no_encoding()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Patch, HttpExtensions.InfluencerUri(influencer.Id))
        {
            Content = new StringContent(Json, Encoding.UTF8, "application/json"),
        };
        request.Content.Headers.ContentEncoding.Add("identity");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("witty", (await ApiAssert.InfluencerAsync(response)).GetProperty("brandVoice").GetString());
    }

    private static ByteArrayContent Gzipped(string json)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }
}
