using System.Net;
using System.Net.Sockets;
using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Layers.IntegrationTests.Http;

/// <summary>
/// Which address the per-address budgets count: X-Forwarded-For only from a configured proxy.
/// Hosts on real Kestrel sockets, since the in-memory test server has no peer address, which the
/// framework's middleware believes whatever its lists say. The budget observed is the one for
/// requests without a valid key: 1 a second, bursts of 2, per client address.
/// </summary>
public sealed class TrustedProxyTests(LayersFixture fixture) : IAsyncDisposable
{
    private const string Client = "203.0.113.7";
    private const string OtherClient = "198.51.100.23";

    private WebApplicationFactory<Program>? host;

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "127.0.0.1")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8")]
    public async Task From_a_known_proxy_each_forwarded_client_has_its_own_budget(string setting, string value)
    {
        using var proxy = StartTcpHost((setting, value));

        await ExhaustAsync(proxy, Client);

        Assert.False(await IsLimitedAsync(proxy, OtherClient));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("ForwardedHeaders:KnownProxies:0", "192.0.2.10")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "192.0.2.0/24")]
    [InlineData("ForwardedHeaders:TrustUnixSockets", "true")]
    public async Task From_any_other_peer_the_header_is_ignored_and_the_peer_is_the_client(string? setting, string? value)
    {
        using var peer = StartTcpHost(setting is null ? null : (setting, value!));

        await ExhaustAsync(peer, Client);

        Assert.True(await IsLimitedAsync(peer, OtherClient));
    }

    [Fact]
    public async Task A_client_cannot_pick_its_address_by_sending_its_own_X_Forwarded_For_through_the_proxy()
    {
        using var proxy = StartTcpHost(("ForwardedHeaders:KnownProxies:0", "127.0.0.1"));

        await ExhaustAsync(proxy, Client);

        // The client sent "OtherClient"; the proxy appended the address it saw. Only that one counts.
        Assert.True(await IsLimitedAsync(proxy, $"{OtherClient}, {Client}"));
    }

    [Fact]
    public async Task On_a_unix_socket_the_header_is_ignored_unless_unix_sockets_are_trusted()
    {
        using var untrusted = StartUnixHost(("ForwardedHeaders:KnownProxies:0", "127.0.0.1"));
        await ExhaustAsync(untrusted, Client);
        Assert.True(await IsLimitedAsync(untrusted, OtherClient));
        await host!.DisposeAsync();

        using var trusted = StartUnixHost(("ForwardedHeaders:TrustUnixSockets", "true"));
        await ExhaustAsync(trusted, Client);
        Assert.False(await IsLimitedAsync(trusted, OtherClient));
    }

    /// <summary>Requests without a key from <paramref name="forwardedFor"/> until one is refused for the budget.</summary>
    private static async Task ExhaustAsync(HttpClient client, string forwardedFor)
    {
        for (var i = 0; i < 20; i++)
        {
            if (await SendAsync(client, forwardedFor) == HttpStatusCode.TooManyRequests)
            {
                return;
            }
        }

        Assert.Fail($"{forwardedFor} was never limited.");
    }

    /// <summary>
    /// Two requests without a key: a fresh budget answers both (401, 401), a spent one at most the
    /// first, should a refill fall between them. A false answer is thus safe from the refill timer.
    /// </summary>
    private static async Task<bool> IsLimitedAsync(HttpClient client, string forwardedFor)
    {
        var first = await SendAsync(client, forwardedFor);
        var second = await SendAsync(client, forwardedFor);
        Assert.All([first, second], status => Assert.True(status is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"answered {status}"));
        return first == HttpStatusCode.TooManyRequests || second == HttpStatusCode.TooManyRequests;
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, HttpExtensions.InfluencerUri($"inf_{Guid.NewGuid()}"));
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private HttpClient StartTcpHost((string Key, string Value)? setting)
    {
        var started = StartHost("http://127.0.0.1:0", setting);
        return started.CreateClient();
    }

    private HttpClient StartUnixHost((string Key, string Value) setting)
    {
        var socket = Path.Combine(Path.GetTempPath(), $"layers-xff-{Guid.NewGuid():N}.sock");
        StartHost($"http://unix:{socket}", setting);
        return new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
                return new NetworkStream(connection, ownsSocket: true);
            },
        })
        {
            BaseAddress = new Uri("http://localhost"),
        };
    }

    private WebApplicationFactory<Program> StartHost(string url, (string Key, string Value)? setting)
    {
        host = fixture.AnotherHost(builder =>
        {
            builder.UseSetting("RateLimiting:Enabled", "true");
            builder.UseSetting("RateLimiting:AnonymousPermitsPerSecond", "1");
            if (setting is { } configured)
            {
                builder.UseSetting(configured.Key, configured.Value);
            }

            builder.UseUrls(url);
        });
        host.UseKestrel();
        host.StartServer();
        return host;
    }
}
