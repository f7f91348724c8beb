using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Layers.Bench.Runner;

/// <summary>A published server (<c>dotnet x.dll</c>) on a free loopback port, started and stopped for one run.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private readonly Process process;

    private ServerProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Id => process.Id;

    /// <summary>Starts the server and returns once it answers HTTP.</summary>
    public static async Task<ServerProcess> StartAsync(string dll, IReadOnlyDictionary<string, string> environment)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        start.ArgumentList.Add(Path.GetFullPath(dll));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.GetLeftPart(UriPartial.Authority));
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."), baseAddress);
        try
        {
            await server.WaitUntilAnsweringAsync(Path.GetFileName(dll)).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Stops the server with SIGTERM: a graceful stop closes its pool's connections, whose
    /// backends' statistics and CPU time are only complete once they have exited.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await ToolProcess.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        process.Dispose();
    }

    private async Task WaitUntilAnsweringAsync(string name)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var deadline = DateTime.UtcNow + StartupTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {process.ExitCode} before answering.");
            }

            try
            {
                // Any answer will do: the bare endpoint has no /healthz and answers 404.
                using var response = await http.GetAsync(new Uri(BaseAddress, "/healthz")).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200).ConfigureAwait(false);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
