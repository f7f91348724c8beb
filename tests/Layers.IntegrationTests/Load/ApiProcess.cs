using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Layers.IntegrationTests.Load;

/// <summary>
/// The built API (<c>Layers.Api.dll</c> beside the tests) in a process of its own on a free
/// loopback port, so that its memory is measured alone, apart from the test host and its
/// in-process API, and so that it can be stopped as a deployment stops it (SIGTERM). Disposing
/// kills it.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private const int TailLength = 100;
    private const int MaxWarnings = 1_000;
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process process;

    // Kept short: every request logs a line, and only the end matters when the process dies.
    private readonly ConcurrentQueue<string> tail = new();

    // The first line of each warning (the console logger's "warn: Category[id]"), which are few.
    private readonly ConcurrentQueue<string> warnings = new();

    // Lines per level and category ("info: Category"), whatever their number.
    private readonly ConcurrentDictionary<string, int> entries = new(StringComparer.Ordinal);
    private long errorLines;

    private ApiProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Lines the console logger wrote at Error or Critical level (<c>fail:</c>, <c>crit:</c>).</summary>
    public long ErrorLines => Interlocked.Read(ref errorLines);

    public string Tail => string.Join(Environment.NewLine, tail);

    /// <summary>Warnings logged by the category <paramref name="category"/>.</summary>
    public int Warnings(string category) =>
        warnings.Count(line => line.StartsWith($"warn: {category}[", StringComparison.Ordinal));

    /// <summary>Entries logged at <paramref name="level"/> (the console's <c>info</c>, <c>warn</c>...) by the category <paramref name="category"/>.</summary>
    public int Logged(string level, string category) => entries.GetValueOrDefault($"{level}: {category}");

    /// <param name="environment">Extra environment variables of the API process, e.g. its configuration.</param>
    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Layers.Api.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.GetLeftPart(UriPartial.Authority));
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var api = new ApiProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."), baseAddress);
        try
        {
            // Both pipes are drained all along: a full pipe would block the API's console logger.
            api.process.OutputDataReceived += (_, line) => api.Keep(line.Data);
            api.process.ErrorDataReceived += (_, line) => api.Keep(line.Data);
            api.process.BeginOutputReadLine();
            api.process.BeginErrorReadLine();
            await api.WaitUntilReadyAsync(cancellationToken);
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    /// <summary>Resident set size of the API process (on Linux, the rss of /proc/&lt;pid&gt;/stat, as VmRSS shows it).</summary>
    public long ResidentBytes()
    {
        process.Refresh();
        if (process.HasExited)
        {
            throw new InvalidOperationException($"The API exited with code {process.ExitCode}. Its last output:{Environment.NewLine}{Tail}");
        }

        return process.WorkingSet64;
    }

    /// <summary>The highest resident size seen once a second until cancelled.</summary>
    public async Task<long> PeakResidentBytesAsync(CancellationToken cancellationToken)
    {
        var peak = ResidentBytes();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                peak = Math.Max(peak, ResidentBytes());
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over: the peak so far is the answer.
        }

        return peak;
    }

    /// <summary>Sends SIGTERM, as an orchestrator stopping the instance does, without waiting.</summary>
    public void Terminate() => Signals.Terminate(process.Id);

    /// <summary>The exit code, once the process has exited within <paramref name="timeout"/>; else it fails.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"The API on {BaseAddress} did not exit within {timeout.TotalSeconds:0} s. Its last output:{Environment.NewLine}{Tail}");
        }

        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(StopTimeout);
            await process.WaitForExitAsync(timeout.Token);
        }

        process.Dispose();
    }

    /// <summary>
    /// A free loopback port, released before it is returned: another process taking it before the
    /// API binds it makes the API exit at start-up, which <see cref="StartAsync"/> reports with the
    /// API's own message.
    /// </summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.Length > 6 && line[4] == ':' && line[5] == ' ' && line.IndexOf('[', StringComparison.Ordinal) is > 6 and var categoryEnd)
        {
            entries.AddOrUpdate(line[..categoryEnd], 1, (_, count) => count + 1);
        }

        if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref errorLines);
        }
        else if (line.StartsWith("warn:", StringComparison.Ordinal) && warnings.Count < MaxWarnings)
        {
            warnings.Enqueue(line);
        }

        tail.Enqueue(line);
        while (tail.Count > TailLength && tail.TryDequeue(out _))
        {
        }
    }

    /// <summary>Polls <c>/readyz</c>, which answers 200 once the API serves and reaches PostgreSQL.</summary>
    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(2),
        };
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < StartupTimeout)
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        var state = process.HasExited ? $"exited with code {process.ExitCode}" : $"was not ready within {StartupTimeout.TotalSeconds:0} s";
        throw new InvalidOperationException($"The API on {BaseAddress} {state}. Its last output:{Environment.NewLine}{Tail}");
    }
}
