using System.Net;
using System.Text;
using Layers.IntegrationTests.Load;

namespace Layers.IntegrationTests.Cluster;

/// <summary>
/// The cluster's nginx configuration (eng/nginx.conf.template) retries a request on another
/// instance only when it could not be sent, and never a write that reached an instance. Each test
/// starts nginx afresh in front of two instances, the failing one first: round robin tries it
/// first.
/// </summary>
public sealed class NginxRetryTests
{
    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("PATCH")]
    public async Task A_request_whose_connection_is_refused_is_answered_by_the_next_instance(string method)
    {
        var refusing = ApiProcess.FreeLoopbackPort();
        await using var answering = FakeInstance.Answering();
        await using var nginx = await Nginx.StartAsync([refusing, answering.Port], TestContext.Current.CancellationToken);

        using var response = await SendAsync(nginx, method);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([method], answering.Methods);
    }

    [Fact]
    public async Task A_DELETE_is_never_retried_not_even_when_its_connection_was_refused()
    {
        var refusing = ApiProcess.FreeLoopbackPort();
        await using var answering = FakeInstance.Answering();
        await using var nginx = await Nginx.StartAsync([refusing, answering.Port], TestContext.Current.CancellationToken);

        using var response = await SendAsync(nginx, "DELETE");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Empty(answering.Methods);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task A_write_that_reached_an_instance_is_never_sent_to_another(string method)
    {
        await using var closing = FakeInstance.ClosingWithoutAnswer();
        await using var answering = FakeInstance.Answering();
        await using var nginx = await Nginx.StartAsync([closing.Port, answering.Port], TestContext.Current.CancellationToken);

        using var response = await SendAsync(nginx, method);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal([method], closing.Methods);
        Assert.Empty(answering.Methods);
    }

    [Fact]
    public async Task A_GET_that_reached_an_instance_which_closed_without_answering_is_answered_by_the_next()
    {
        await using var closing = FakeInstance.ClosingWithoutAnswer();
        await using var answering = FakeInstance.Answering();
        await using var nginx = await Nginx.StartAsync([closing.Port, answering.Port], TestContext.Current.CancellationToken);

        using var response = await SendAsync(nginx, "GET");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["GET"], closing.Methods);
        Assert.Equal(["GET"], answering.Methods);
    }

    private static async Task<HttpResponseMessage> SendAsync(Nginx nginx, string method)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = nginx.BaseAddress };
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri("/v1/influencers/inf_x", UriKind.Relative));
        if (method is "POST" or "PATCH")
        {
            request.Content = new StringContent("""{"name":"Ava Chen"}""", Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
