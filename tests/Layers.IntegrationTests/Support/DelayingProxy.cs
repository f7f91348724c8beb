using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Layers.IntegrationTests.Support;

/// <summary>
/// A TCP proxy on loopback in front of a server, that holds every chunk the server sends back
/// for <see cref="Delay"/> before passing it on, which a test may change at any time: a server
/// slow to answer every client of the proxy, and only them. (Redis's own <c>DEBUG SLEEP</c> blocks
/// the whole server, so it cannot make it merely slow.) Chunks keep their order, and the delay of
/// one does not hold back the reading of the next: pipelined commands are each answered
/// <see cref="Delay"/> after their reply arrived, not one delay after another.
/// </summary>
public sealed class DelayingProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint server;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentBag<Socket> sockets = [];
    private readonly Task accepting;
    private long delayTicks;

    private DelayingProxy(IPEndPoint server)
    {
        this.server = server;
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref delayTicks));
        set => Interlocked.Exchange(ref delayTicks, value.Ticks);
    }

    public static DelayingProxy Start(int serverPort) => new(new IPEndPoint(IPAddress.Loopback, serverPort));

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        await accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            sockets.Add(client);
            sockets.Add(upstream);
            try
            {
                await upstream.ConnectAsync(server, stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            _ = ForwardAsync(client, upstream);
            _ = ForwardDelayedAsync(upstream, client);
        }
    }

    /// <summary>Client to server, as it comes.</summary>
    private async Task ForwardAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, stopping.Token)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), stopping.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            Close(from, to);
        }
    }

    /// <summary>Server to client, each chunk held until <see cref="Delay"/> after it was read.</summary>
    private async Task ForwardDelayedAsync(Socket from, Socket to)
    {
        var chunks = Channel.CreateUnbounded<(long Due, byte[] Bytes)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var sending = SendWhenDueAsync(chunks.Reader, to);
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, stopping.Token)) > 0)
            {
                chunks.Writer.TryWrite((TimeProvider.System.GetTimestamp() + (long)(Delay.TotalSeconds * TimeProvider.System.TimestampFrequency), buffer[..read]));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            chunks.Writer.TryComplete();
            await sending;
            Close(from, to);
        }
    }

    private async Task SendWhenDueAsync(ChannelReader<(long Due, byte[] Bytes)> chunks, Socket to)
    {
        try
        {
            await foreach (var (due, bytes) in chunks.ReadAllAsync(stopping.Token))
            {
                var wait = TimeProvider.System.GetElapsedTime(TimeProvider.System.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stopping.Token);
                }

                await to.SendAsync(bytes, stopping.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static void Close(Socket one, Socket other)
    {
        one.Dispose();
        other.Dispose();
    }
}
