using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Layers.IntegrationTests.Load;

namespace Layers.IntegrationTests.Cluster;

/// <summary>
/// nginx as <c>./build.sh cluster</c> runs it: Debian's nginx-light, installed by
/// <c>eng/cluster-tools.sh</c> when missing (or <c>LAYERS_NGINX</c>), with the configuration that
/// <c>eng/nginx-conf.sh</c> renders from <c>eng/nginx.conf.template</c>, in front of the given
/// loopback ports. It listens on a free loopback port and keeps its files in a directory of its
/// own. Disposing stops it and deletes them.
/// </summary>
public sealed class Nginx : IAsyncDisposable
{
    public const string BinaryVariable = "LAYERS_NGINX";

    private static readonly SemaphoreSlim Finding = new(1, 1);
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static string? binary;

    private readonly Process process;
    private readonly DirectoryInfo directory;

    private Nginx(Process process, DirectoryInfo directory, Uri baseAddress)
    {
        this.process = process;
        this.directory = directory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    private string Logs => Path.Combine(directory.FullName, "logs");

    public static async Task<Nginx> StartAsync(IReadOnlyList<int> upstreamPorts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upstreamPorts);
        var nginx = await BinaryAsync(cancellationToken);
        var directory = Directory.CreateTempSubdirectory("layers-nginx-");
        var state = directory.CreateSubdirectory("state").FullName;
        var logs = directory.CreateSubdirectory("logs").FullName;
        var port = ApiProcess.FreeLoopbackPort();
        var configuration = await RunScriptAsync(
            "nginx-conf.sh",
            [$"127.0.0.1:{port}", state, logs, .. upstreamPorts.Select(upstream => $"127.0.0.1:{upstream}")],
            cancellationToken);
        var configurationFile = Path.Combine(directory.FullName, "nginx.conf");
        await File.WriteAllTextAsync(configurationFile, configuration, cancellationToken);

        var start = new ProcessStartInfo(nginx) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-e", Path.Combine(logs, "nginx-error.log"), "-p", directory.FullName + "/", "-c", configurationFile])
        {
            start.ArgumentList.Add(argument);
        }

        var started = new Nginx(Process.Start(start) ?? throw new InvalidOperationException("nginx did not start."), directory, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            started.process.OutputDataReceived += (_, _) => { };
            started.process.ErrorDataReceived += (_, _) => { };
            started.process.BeginOutputReadLine();
            started.process.BeginErrorReadLine();
            await started.WaitUntilListeningAsync(port, cancellationToken);
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // SIGTERM: nginx's fast shutdown, workers included. Killing the master alone would leave them.
            Signals.Terminate(process.Id);
            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
        directory.Delete(recursive: true);
    }

    /// <summary>Once per test run: LAYERS_NGINX, else what eng/cluster-tools.sh finds or installs.</summary>
    private static async Task<string> BinaryAsync(CancellationToken cancellationToken)
    {
        await Finding.WaitAsync(cancellationToken);
        try
        {
            if (binary is null)
            {
                if (Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } configured)
                {
                    binary = configured;
                }
                else
                {
                    const string Prefix = $"export {BinaryVariable}=";
                    var exports = await RunScriptAsync("cluster-tools.sh", ["nginx"], cancellationToken);
                    binary = exports.Split('\n').Single(line => line.StartsWith(Prefix, StringComparison.Ordinal))[Prefix.Length..];
                }
            }

            return binary;
        }
        finally
        {
            Finding.Release();
        }
    }

    /// <summary>Runs one of the eng/ scripts copied beside the tests; its standard output.</summary>
    private static async Task<string> RunScriptAsync(string script, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "eng", script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var run = Process.Start(start) ?? throw new InvalidOperationException($"{script} did not start.");
        var output = run.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = run.StandardError.ReadToEndAsync(cancellationToken);
        await run.WaitForExitAsync(cancellationToken);
        return run.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"eng/{script} failed with exit code {run.ExitCode}:{Environment.NewLine}{await errors}");
    }

    private async Task WaitUntilListeningAsync(int port, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (!process.HasExited && Stopwatch.GetElapsedTime(started) < StartupTimeout)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }

        var state = process.HasExited ? $"exited with code {process.ExitCode}" : $"was not listening within {StartupTimeout.TotalSeconds:0} s";
        throw new InvalidOperationException($"nginx {state}. Its error log:{Environment.NewLine}{string.Join(Environment.NewLine, ReadLog("nginx-error.log"))}");
    }

    private List<string> ReadLog(string name)
    {
        var path = Path.Combine(Logs, name);
        if (!File.Exists(path))
        {
            return [];
        }

        // nginx keeps the file open for writing.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
