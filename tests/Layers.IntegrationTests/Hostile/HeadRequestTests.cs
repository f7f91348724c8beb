using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Layers.Application.Common.Security;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Hostile;

/// <summary>
/// HEAD answers wherever GET does, with GET's status and header fields and no content (RFC 9110,
/// section 9.3.2). Read from the socket: only the wire shows which fields were sent and that no
/// content follows them, and only Kestrel, which production runs, leaves a HEAD answer's content out.
/// </summary>
[Collection(KestrelHosted.Name)]
public sealed partial class HeadRequestTests(KestrelApi api)
{
    public enum Target
    {
        Influencer,
        InfluencerWithoutKey,
        InfluencerWithoutReadScope,
        InfluencerWithStaleIfMatch,
        InfluencerWithCurrentIfNoneMatch,
        UnknownInfluencer,
        InfluencerList,
        InfluencerListWithUnknownParameter,
        UnknownRoute,
        Healthz,
        Readyz,
        OpenApiDocument,
    }

    [Theory]
    [InlineData(Target.Influencer, "200 OK")]
    [InlineData(Target.InfluencerWithoutKey, "401 Unauthorized")]
    [InlineData(Target.InfluencerWithoutReadScope, "403 Forbidden")]
    [InlineData(Target.InfluencerWithStaleIfMatch, "412 Precondition Failed")]
    [InlineData(Target.InfluencerWithCurrentIfNoneMatch, "304 Not Modified")]
    [InlineData(Target.UnknownInfluencer, "404 Not Found")]
    [InlineData(Target.InfluencerList, "200 OK")]
    [InlineData(Target.InfluencerListWithUnknownParameter, "422 Unprocessable Entity")]
    [InlineData(Target.UnknownRoute, "404 Not Found")]
    [InlineData(Target.Healthz, "200 OK")]
    [InlineData(Target.Readyz, "200 OK")]
    [InlineData(Target.OpenApiDocument, "200 OK")]
    public async Task Head_answers_the_status_and_header_fields_of_get_without_content(Target target, string status)
    {
        var tenant = await Tenant.CreateAsync(api.Fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var key = target switch
        {
            Target.InfluencerWithoutKey or Target.Healthz or Target.Readyz or Target.OpenApiDocument => null,
            Target.InfluencerWithoutReadScope => await tenant.CreateKeyAsync(Scopes.InfluencersWrite),
            _ => await tenant.CreateKeyAsync(Scopes.InfluencersRead),
        };
        var path = target switch
        {
            Target.UnknownInfluencer => $"/v1/influencers/inf_{Guid.NewGuid()}",
            Target.InfluencerList => "/v1/influencers?limit=1",
            Target.InfluencerListWithUnknownParameter => "/v1/influencers?sort=name",
            Target.UnknownRoute => "/v1/nothing-here",
            Target.Healthz => "/healthz",
            Target.Readyz => "/readyz",
            Target.OpenApiDocument => "/openapi/v1.json",
            _ => $"/v1/influencers/{influencer.Id}",
        };
        var condition = target switch
        {
            Target.InfluencerWithStaleIfMatch => "If-Match: \"v7\"",
            Target.InfluencerWithCurrentIfNoneMatch => "If-None-Match: \"v1\"",
            _ => null,
        };

        var get = await SendAsync("GET", path, key, condition);
        var head = await SendAsync("HEAD", path, key, condition);

        Assert.Equal($"HTTP/1.1 {status}", get.StatusLine);
        Assert.Equal(get.StatusLine, head.StatusLine);
        Assert.Equal(Comparable(get.Fields), Comparable(head.Fields));
        Assert.Empty(head.Content);
        if (target is Target.InfluencerList)
        {
            Assert.Contains(("Content-Type", "application/json; charset=utf-8"), head.Fields);
            Assert.NotEmpty(get.Content);
        }

        if (target is Target.Influencer)
        {
            Assert.Contains(("ETag", "\"v1\""), head.Fields);
            Assert.Contains(("Content-Type", "application/json; charset=utf-8"), head.Fields);
            Assert.NotEmpty(get.Content);
        }
    }

    /// <summary>
    /// The fields to compare: the request id is fresh for each request, so only its form is
    /// compared; Date changes; Transfer-Encoding frames content, which a HEAD answer has none of
    /// (RFC 9112, section 6.1). Content-Length is compared as it is, present or absent.
    /// </summary>
    private static List<(string Name, string Value)> Comparable(List<(string Name, string Value)> fields)
    {
        var requestId = Assert.Single(fields, field => field.Name == "X-Request-Id");
        Assert.Matches(RequestIdPattern(), requestId.Value);
        return
        [
            .. fields
                .Where(field => field.Name is not ("Date" or "Transfer-Encoding"))
                .Select(field => field.Name == "X-Request-Id" ? (field.Name, "req_*") : field)
                .OrderBy(field => field.Name, StringComparer.OrdinalIgnoreCase),
        ];
    }

    private async Task<(string StatusLine, List<(string Name, string Value)> Fields, byte[] Content)> SendAsync(
        string method, string path, string? key, string? condition)
    {
        using var http = api.CreateClient();
        var address = http.BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, TestContext.Current.CancellationToken);
        await using var stream = tcp.GetStream();
        var request = new StringBuilder()
            .Append($"{method} {path} HTTP/1.1\r\nHost: {address.Authority}\r\nConnection: close\r\n")
            .Append(key is null ? string.Empty : $"Authorization: Bearer {key}\r\n")
            .Append(condition is null ? string.Empty : $"{condition}\r\n")
            .Append("\r\n")
            .ToString();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), TestContext.Current.CancellationToken);

        // Connection: close, so the answer ends where the stream does.
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, TestContext.Current.CancellationToken);
        var bytes = answer.ToArray();
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(end >= 0, "The answer has no end of header section.");
        var lines = Encoding.ASCII.GetString(bytes, 0, end).Split("\r\n");
        var fields = lines[1..]
            .Select(line => (Name: line[..line.IndexOf(':', StringComparison.Ordinal)], Value: line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
            .ToList();
        return (lines[0], fields, bytes[(end + 4)..]);
    }

    [GeneratedRegex("^req_[0-9a-z]+$")]
    private static partial Regex RequestIdPattern();
}
