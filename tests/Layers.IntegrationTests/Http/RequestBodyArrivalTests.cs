using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Layers.IntegrationTests.Http;

/// <summary>
/// Bodies as they arrive over a raw socket to Kestrel (the server production runs): whole with
/// their headers, which are read as they are, or in pieces, and then not always in time, against a
/// host whose limits are short enough for a test.
/// </summary>
public sealed class RequestBodyArrivalTests(LayersFixture fixture) : IAsyncDisposable
{
    private readonly CapturedLogs logs = new();
    private WebApplicationFactory<Program>? host;
    private Uri? baseAddress;

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>
    /// A body late by the limit, which Kestrel checks once a second: the answer comes after the
    /// limit and before the next check, with a second more for a busy machine; then the server
    /// closes the connection (FIN) without waiting for the rest of the body, and logs no error.
    /// The database deadline is shorter than the body's, so a 503 would show it ran during the read.
    /// </summary>
    [Theory]
    [InlineData("trickled with a Content-Length")]
    [InlineData("trickled in chunks")]
    [InlineData("stalled short of its Content-Length")]
    public async Task A_body_late_by_its_time_limit_answers_408_at_the_limit_logs_no_error_and_closes(string arrival)
    {
        var limit = TimeSpan.FromSeconds(2);
        StartHost(bodyTimeout: limit, databaseDeadline: TimeSpan.FromSeconds(1));
        var (influencerId, key) = await InfluencerAndKeyAsync();
        const string Body = """{"name":"Mia Park","brandVoice":"witty"}""";

        // A byte a second, as the attack sent it; or the whole body, 50 bytes short of its length.
        var exchange = arrival switch
        {
            "trickled with a Content-Length" => await SendAsync(influencerId, key, Body, contentLength: Body.Length, pause: TimeSpan.FromSeconds(1), pieces: Body.Length),
            "trickled in chunks" => await SendAsync(influencerId, key, Body, contentLength: null, pause: TimeSpan.FromSeconds(1), pieces: Body.Length),
            _ => await SendAsync(influencerId, key, Body, contentLength: Body.Length + 50, pause: TimeSpan.Zero, pieces: 1),
        };

        AssertRequestTimeout(exchange.Answer);
        Assert.InRange(exchange.AnsweredAfter, limit, limit + TimeSpan.FromSeconds(2));
        Assert.True(exchange.ClosedAfterAnswer, "the connection was not closed once the 408 was written");
        Assert.Empty(logs.AtLeast(LogLevel.Error));
    }

    /// <summary>
    /// A client that resets its connection while its body is read has gone: nothing is answered,
    /// nothing is logged as an error, and the request log line says 499 (client closed request).
    /// Its <c>Expect: 100-continue</c> tells the client when the API has started to read the body.
    /// </summary>
    [Fact]
    public async Task A_client_that_resets_its_connection_while_its_body_is_read_is_logged_as_gone_and_not_as_an_error()
    {
        StartHost(bodyTimeout: TimeSpan.FromSeconds(15), databaseDeadline: TimeSpan.FromSeconds(15));
        var (influencerId, key) = await InfluencerAndKeyAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(baseAddress!.Host, baseAddress.Port, cancellationToken);
            var stream = socket.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(Patch(influencerId, key, "Content-Length: 100\r\nExpect: 100-continue", body: "")), cancellationToken);
            Assert.StartsWith("HTTP/1.1 100 Continue\r\n", await ReadInterimAnswerAsync(stream, cancellationToken), StringComparison.Ordinal);
            socket.Client.LingerState = new LingerOption(true, 0);
            socket.Client.Close();
        }

        var line = await RequestLogLineAsync("PATCH", cancellationToken);
        Assert.True(line.Contains(" 499 in ", StringComparison.Ordinal), line);
        Assert.Empty(logs.AtLeast(LogLevel.Error));
    }

    [Fact]
    public async Task The_database_deadline_starts_once_the_body_has_arrived()
    {
        // The body's limit is far above the time it takes, so that a busy machine cannot run it out.
        StartHost(bodyTimeout: TimeSpan.FromSeconds(15), databaseDeadline: TimeSpan.FromSeconds(1));
        var (influencerId, key) = await InfluencerAndKeyAsync();

        // 5 pieces 400 ms apart: past the database's 1 s twice over, if it counted.
        var started = Stopwatch.StartNew();
        var exchange = await SendAsync(influencerId, key, """{"name":"Mia Park"}""", contentLength: null, pause: TimeSpan.FromMilliseconds(400), pieces: 5);

        Assert.True(started.Elapsed > TimeSpan.FromSeconds(1.5), $"the body took only {started.Elapsed}");
        Assert.StartsWith("HTTP/1.1 200 OK", exchange.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_sent_with_its_headers_is_applied()
    {
        StartHost(bodyTimeout: TimeSpan.FromSeconds(15), databaseDeadline: TimeSpan.FromSeconds(15));
        var (influencerId, key) = await InfluencerAndKeyAsync();

        const string Body = """{"name":"Mia Park","brandVoice":"witty"}""";

        var response = await SendWholeAsync(Patch(influencerId, key, $"Content-Length: {Body.Length}", Body));

        Assert.StartsWith("HTTP/1.1 200 OK", response, StringComparison.Ordinal);
        using var answer = JsonDocument.Parse(AnswerBody(response));
        Assert.Equal("Mia Park", answer.RootElement.GetProperty("name").GetString());
        Assert.Equal("witty", answer.RootElement.GetProperty("brandVoice").GetString());
    }

    [Fact]
    public async Task A_chunked_body_sent_whole_with_its_headers_is_applied()
    {
        StartHost(bodyTimeout: TimeSpan.FromSeconds(15), databaseDeadline: TimeSpan.FromSeconds(15));
        var (influencerId, key) = await InfluencerAndKeyAsync();

        var response = await SendWholeAsync(Patch(influencerId, key, "Transfer-Encoding: chunked", "9\r\n{\"name\":\"\r\na\r\nMia Park\"}\r\n0\r\n\r\n"));

        Assert.StartsWith("HTTP/1.1 200 OK", response, StringComparison.Ordinal);
        using var answer = JsonDocument.Parse(AnswerBody(response));
        Assert.Equal("Mia Park", answer.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_create_sent_whole_is_replayed_for_its_idempotency_key_and_refused_with_another_body()
    {
        StartHost(bodyTimeout: TimeSpan.FromSeconds(15), databaseDeadline: TimeSpan.FromSeconds(15));
        var tenant = await Tenant.CreateAsync(fixture);
        var key = await tenant.CreateKeyAsync();
        string Create(string name)
        {
            var body = $$"""{"projectId":"{{tenant.Project.Id}}","name":"{{name}}","gender":"female"}""";
            return $"POST /v1/influencers HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {key}\r\nIdempotency-Key: arrival-1\r\n"
                + $"Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";
        }

        var created = await SendWholeAsync(Create("Mia Park"));
        var replayed = await SendWholeAsync(Create("Mia Park"));
        var reused = await SendWholeAsync(Create("Mia Parks"));

        Assert.StartsWith("HTTP/1.1 201 Created", created, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 201 Created", replayed, StringComparison.Ordinal);
        Assert.Contains("\r\nIdempotent-Replayed: true\r\n", replayed, StringComparison.Ordinal);
        Assert.Equal(AnswerBody(created), AnswerBody(replayed));
        Assert.StartsWith("HTTP/1.1 422 Unprocessable Entity", reused, StringComparison.Ordinal);
        using var answer = JsonDocument.Parse(AnswerBody(reused));
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", answer.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    private void StartHost(TimeSpan bodyTimeout, TimeSpan databaseDeadline)
    {
        host = fixture.AnotherHost(builder =>
        {
            builder.UseSetting("Requests:BodyTimeout", bodyTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Requests:DatabaseDeadline", databaseDeadline.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
            builder.UseUrls("http://127.0.0.1:0");
            builder.ConfigureLogging(logging => logging.AddProvider(logs));
        });
        host.UseKestrel();
        host.StartServer();
        baseAddress = host.ClientOptions.BaseAddress;
    }

    private static void AssertRequestTimeout(string response)
    {
        var head = response[..response.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.StartsWith("HTTP/1.1 408 Request Timeout", head, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nX-Content-Type-Options: nosniff", head, StringComparison.Ordinal);
        var requestId = head.Split("\r\n").Single(line => line.StartsWith("X-Request-Id: ", StringComparison.Ordinal))["X-Request-Id: ".Length..];
        using var envelope = JsonDocument.Parse(AnswerBody(response));
        var error = envelope.RootElement.GetProperty("error");
        Assert.Equal("REQUEST_TIMEOUT", error.GetProperty("code").GetString());
        Assert.Equal("The request body did not arrive in time.", error.GetProperty("message").GetString());
        Assert.Equal(requestId, error.GetProperty("requestId").GetString());
    }

    private async Task<(string InfluencerId, string Key)> InfluencerAndKeyAsync()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        return (influencer.Id.ToString(), await tenant.CreateKeyAsync());
    }

    /// <summary>A PATCH of the influencer with this framing header, and the body (if any) right after its headers.</summary>
    private static string Patch(string influencerId, string key, string framing, string body) =>
        $"PATCH /v1/influencers/{influencerId} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {key}\r\n"
        + $"Content-Type: application/json\r\n{framing}\r\n\r\n{body}";

    /// <summary>The body of an answer, its chunk framing (if any) taken off.</summary>
    private static string AnswerBody(string response)
    {
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        return body[body.IndexOf('{', StringComparison.Ordinal)..(body.LastIndexOf('}') + 1)];
    }

    /// <summary>A request sent in one write, its body with its headers; returns everything the server sent back.</summary>
    private async Task<string> SendWholeAsync(string request)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var socket = new TcpClient();
        await socket.ConnectAsync(baseAddress!.Host, baseAddress.Port, cancellationToken);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request), cancellationToken);
        return await ReadAnswerAsync(stream, cancellationToken);
    }

    /// <summary>
    /// A PATCH whose body is sent in <paramref name="pieces"/> with <paramref name="pause"/> before
    /// each (without a length it is chunked), its answer read while the body is sent, as curl does:
    /// a client that reads only once its body is sent learns of an early answer only when a write
    /// fails. Sending stops once the answer has come.
    /// </summary>
    private async Task<Exchange> SendAsync(string influencerId, string key, string body, int? contentLength, TimeSpan pause, int pieces = 10)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var socket = new TcpClient();
        await socket.ConnectAsync(baseAddress!.Host, baseAddress.Port, cancellationToken);
        var stream = socket.GetStream();
        var framing = contentLength is { } length ? $"Content-Length: {length}" : "Transfer-Encoding: chunked";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Patch(influencerId, key, framing, body: "")), cancellationToken);
        var sent = Stopwatch.StartNew();
        var answering = ReadAnswerAsync(stream, cancellationToken);
        var bytes = Encoding.UTF8.GetBytes(body);
        var size = (bytes.Length + pieces - 1) / pieces;
        try
        {
            for (var offset = 0; offset < bytes.Length; offset += size)
            {
                await Task.WhenAny(answering, Task.Delay(pause, cancellationToken));
                if (answering.IsCompleted)
                {
                    break;
                }

                var piece = bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset));
                if (contentLength is null)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"{piece.Length:x}\r\n"), cancellationToken);
                    await stream.WriteAsync(piece, cancellationToken);
                    await stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
                }
                else
                {
                    await stream.WriteAsync(piece, cancellationToken);
                }
            }

            if (contentLength is null && !answering.IsCompleted)
            {
                await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), cancellationToken);
            }
        }
        catch (IOException)
        {
            // The server closed the connection: it answered first, and the answer is read below.
        }

        var answer = await answering;
        var answeredAfter = sent.Elapsed;
        return new Exchange(answer, answeredAfter, await IsClosedAsync(stream, cancellationToken));
    }

    /// <summary>
    /// Whether the server closes the connection (FIN) within 2 s of its answer. Kestrel's draining
    /// of an unread body would hold it open for 5 s and then reset it.
    /// </summary>
    private static async Task<bool> IsClosedAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            return await stream.ReadAsync(new byte[1], timeout.Token) == 0;
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Reads an interim answer (1xx), which has no body: up to the end of its header section.</summary>
    private static async Task<string> ReadInterimAnswerAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var received = new StringBuilder();
        var buffer = new byte[1];
        while (!received.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal)
               && await stream.ReadAsync(buffer, timeout.Token) == 1)
        {
            received.Append((char)buffer[0]);
        }

        return received.ToString();
    }

    /// <summary>The request log line of the one request of this method, written once the request has ended.</summary>
    private async Task<string> RequestLogLineAsync(string method, CancellationToken cancellationToken)
    {
        // Generous for a busy machine: the line follows the end of the request at once.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var line = logs.Lines("Layers.Api.Middleware.RequestLoggingMiddleware")
                .Select(entry => entry.Message)
                .SingleOrDefault(message => message.Contains($" {method} ", StringComparison.Ordinal));
            if (line is not null || DateTime.UtcNow > deadline)
            {
                return line ?? throw new Xunit.Sdk.XunitException($"No request log line of a {method} within 10 s.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Reads until the whole answer (headers and the body they announce) has arrived, or the server closes.</summary>
    private static async Task<string> ReadAnswerAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            var text = received.ToString();
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0 && (text.EndsWith("0\r\n\r\n", StringComparison.Ordinal) || HasWholeBody(text, end)))
            {
                return text;
            }

            int read;
            try
            {
                read = await stream.ReadAsync(buffer, timeout.Token);
            }
            catch (IOException)
            {
                return text;
            }

            if (read == 0)
            {
                return text;
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
    }

    /// <summary>What the client received, when all of it had (from the end of its headers), and whether the server then closed the connection.</summary>
    private sealed record Exchange(string Answer, TimeSpan AnsweredAfter, bool ClosedAfterAnswer);

    private static bool HasWholeBody(string text, int headerEnd)
    {
        var lengthLine = text[..headerEnd].Split("\r\n").FirstOrDefault(line => line.StartsWith("Content-Length: ", StringComparison.OrdinalIgnoreCase));
        return lengthLine is not null && text.Length - headerEnd - 4 >= int.Parse(lengthLine["Content-Length: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
