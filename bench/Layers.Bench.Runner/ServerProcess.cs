using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Layers.Bench.Runner;

/// <summary>
/// A published server (<c>dotnet x.dll</c>) on a free loopback port, started and stopped for one
/// run. What it prints goes to a log file, as a container's output would go to its log: the API as
/// shipped writes a line per request, whose cost is part of what it is measured for.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private readonly Process process;
    private readonly Stopwatch sinceStart;
    private readonly string logPath;
    private readonly Task draining;
    private long logBytes;

    private ServerProcess(Process process, Stopwatch sinceStart, Uri baseAddress, string logPath)
    {
        this.process = process;
        this.sinceStart = sinceStart;
        this.logPath = logPath;
        BaseAddress = baseAddress;
        draining = Task.WhenAll(DrainAsync(process.StandardOutput.BaseStream, logPath), DrainAsync(process.StandardError.BaseStream, logPath + ".stderr"));
    }

    public Uri BaseAddress { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Time since just before Process.Start.</summary>
    public TimeSpan SinceStart => sinceStart.Elapsed;

    /// <summary>Bytes the server has printed so far, standard output and error.</summary>
    public long LogBytes => Interlocked.Read(ref logBytes);

    /// <summary>Starts the server and returns at once; <paramref name="logPath"/> receives what it prints.</summary>
    public static ServerProcess Start(string dll, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.GetFullPath(dll));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.GetLeftPart(UriPartial.Authority));
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var sinceStart = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        return new ServerProcess(process, sinceStart, baseAddress, logPath);
    }

    /// <summary>Starts the server and returns once it answers HTTP.</summary>
    public static async Task<ServerProcess> StartAnsweringAsync(string dll, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var server = Start(dll, environment, logPath);
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

    /// <summary>The end of the server's log, for a failure's message.</summary>
    public string LogTail()
    {
        try
        {
            using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(20));
        }
        catch (IOException)
        {
            return "(no log)";
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

        await draining.ConfigureAwait(false);
        process.Dispose();
    }

    private async Task DrainAsync(Stream output, string path)
    {
        await using var log = File.Create(path);
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await output.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            await log.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
            Interlocked.Add(ref logBytes, read);
        }
    }

    private async Task WaitUntilAnsweringAsync(string name)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var deadline = DateTime.UtcNow + StartupTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {process.ExitCode} before answering:\n{LogTail()}");
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
