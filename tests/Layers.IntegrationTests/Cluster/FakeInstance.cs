using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Layers.IntegrationTests.Cluster;

/// <summary>
/// A stand-in for an API instance behind nginx, on a free loopback port. It reads each request
/// whole and records its method; then it answers 200, or closes the connection without answering
/// as an instance that goes away under a request does, when nginx can no longer tell whether it
/// acted.
/// </summary>
public sealed class FakeInstance : IAsyncDisposable
{
    private const int MaxHead = 16 * 1024;

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly bool answers;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<string> methods = new();
    private readonly Task accepting;

    private FakeInstance(bool answers)
    {
        this.answers = answers;
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>The methods of the requests that reached it, in order.</summary>
    public IReadOnlyList<string> Methods => [.. methods];

    public static FakeInstance Answering() => new(answers: true);

    public static FakeInstance ClosingWithoutAnswer() => new(answers: false);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            var socket = await listener.AcceptSocketAsync(stopping.Token);
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                if (await ReadRequestAsync(socket) is not { } method)
                {
                    return;
                }

                methods.Enqueue(method);
                if (answers)
                {
                    await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"), stopping.Token);
                }

                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException)
            {
                // nginx went away first, or the test is over.
            }
        }
    }

    /// <summary>The request's method, once its head and its Content-Length of body have arrived; null if the connection closed first.</summary>
    private async Task<string?> ReadRequestAsync(Socket socket)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(received)) < 0)
        {
            var read = await socket.ReceiveAsync(buffer, stopping.Token);
            if (read == 0 || received.Count > MaxHead)
            {
                return null;
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString([.. received.Take(headEnd)]);
        var lines = head.Split("\r\n");
        var length = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .Where(pair => pair.Length == 2 && pair[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(pair => int.Parse(pair[1].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .SingleOrDefault();
        var bodyReceived = received.Count - headEnd - 4;
        while (bodyReceived < length)
        {
            var read = await socket.ReceiveAsync(buffer, stopping.Token);
            if (read == 0)
            {
                return null;
            }

            bodyReceived += read;
        }

        return lines[0].Split(' ')[0];
    }

    private static int IndexOfHeadEnd(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
