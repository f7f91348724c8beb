using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Layers.IntegrationTests.Load;

namespace Layers.IntegrationTests.Cluster;

/// <summary>
/// eng/cluster.sh, the script behind <c>./build.sh cluster</c>, run on free loopback ports with its
/// state and logs in a directory of its own, against the built API beside the tests. Its messages
/// are kept in order, so that a test can wait for one and see the order things happened in.
/// Disposing stops it (SIGTERM, as Ctrl-C does) and deletes the directory.
/// </summary>
public sealed class ClusterScript : IAsyncDisposable
{
    // Generous: on a fresh machine the script first installs nginx and Redis with apt.
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly ConcurrentQueue<string> messages = new();
    private readonly DirectoryInfo directory;
    private readonly SemaphoreSlim messageArrived = new(0);
    private bool disposed;

    private ClusterScript(Process process, DirectoryInfo directory, Uri baseAddress)
    {
        this.process = process;
        this.directory = directory;
        BaseAddress = baseAddress;
    }

    /// <summary>nginx, in front of the instances.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The script's messages so far, in order.</summary>
    public IReadOnlyList<string> Messages => [.. messages];

    public string Directory => directory.FullName;

    /// <param name="environment">The instances' configuration, passed on by the script.</param>
    public static async Task<ClusterScript> StartAsync(int instances, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var directory = System.IO.Directory.CreateTempSubdirectory("layers-cluster-");
        var front = ApiProcess.FreeLoopbackPort();
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "eng", "cluster.sh"), "--api", Path.Combine(AppContext.BaseDirectory, "Layers.Api.dll"), "--instances", instances.ToString(CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LAYERS_CLUSTER_DIR"] = directory.FullName;
        start.Environment["LAYERS_CLUSTER_PORT"] = front.ToString(CultureInfo.InvariantCulture);
        start.Environment["LAYERS_REDIS_PORT"] = ApiProcess.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture);
        start.Environment["LAYERS_CLUSTER_INSTANCE_PORTS"] = string.Join(' ', Enumerable.Range(0, instances).Select(_ => ApiProcess.FreeLoopbackPort()));
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var cluster = new ClusterScript(Process.Start(start) ?? throw new InvalidOperationException("bash did not start."), directory, new Uri($"http://127.0.0.1:{front}"));
        try
        {
            cluster.process.OutputDataReceived += (_, line) => cluster.Keep(line.Data);
            cluster.process.ErrorDataReceived += (_, line) => cluster.Keep(line.Data);
            cluster.process.BeginOutputReadLine();
            cluster.process.BeginErrorReadLine();
            await cluster.WaitForMessageAsync(0, message => message.Contains("Ctrl-C stops them all", StringComparison.Ordinal), StartupTimeout, cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The process id of instance <paramref name="instance"/> (1-based), as the script last started it.</summary>
    public int InstanceProcessId(int instance) =>
        int.Parse(File.ReadAllText(Path.Combine(Directory, $"api-{instance}.pid")).Trim(), CultureInfo.InvariantCulture);

    /// <summary>The first message from index <paramref name="from"/> on that matches; its index.</summary>
    public async Task<int> WaitForMessageAsync(int from, Func<string, bool> match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(match);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var seen = Messages;
            for (var i = from; i < seen.Count; i++)
            {
                if (match(seen[i]))
                {
                    return i;
                }
            }

            var left = timeout - Stopwatch.GetElapsedTime(started);
            if (process.HasExited || left <= TimeSpan.Zero)
            {
                var state = process.HasExited ? $"exited with code {process.ExitCode}" : $"did not say it within {timeout.TotalSeconds:0} s";
                throw new InvalidOperationException($"eng/cluster.sh {state}. Its messages:{Environment.NewLine}{string.Join(Environment.NewLine, Messages)}");
            }

            await messageArrived.WaitAsync(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    /// <summary>Stops the cluster as Ctrl-C does; the script's exit code.</summary>
    public async Task<int> StopAsync(CancellationToken cancellationToken)
    {
        if (!process.HasExited)
        {
            Signals.Terminate(process.Id);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StopTimeout);
        await process.WaitForExitAsync(deadline.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        try
        {
            if (!process.HasExited)
            {
                await StopAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
        messageArrived.Dispose();
        directory.Delete(recursive: true);
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        messages.Enqueue(line);
        messageArrived.Release();
    }
}
