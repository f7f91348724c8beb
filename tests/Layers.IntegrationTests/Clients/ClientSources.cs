using System.Diagnostics;
using System.Text;
using Layers.Api.OpenApi;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Clients;

/// <summary>The clients' folders in the clone, and the tools their tests run (npm, node, Kiota).</summary>
public static class ClientSources
{
    /// <summary>Set to 1 to write a client's new generation over the committed one instead of failing on the difference.</summary>
    public const string AcceptVariable = "LAYERS_ACCEPT_CLIENTS";

    private static readonly Lazy<Task> NodePackages = new(() => RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TypeScriptFolder, TimeSpan.FromMinutes(10)));

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string TypeScriptFolder => Path.Combine(RepositoryRoot, "clients", "typescript");

    public static string DotNetFolder => Path.Combine(RepositoryRoot, "clients", "dotnet");

    /// <summary>
    /// The TypeScript package's dependencies, as its lock file pins them: <c>npm ci</c> once per
    /// test run, since a clean clone has none.
    /// </summary>
    public static Task InstallNodePackagesAsync() => NodePackages.Value;

    /// <summary>The document client generators read (<see cref="OpenApiEndpoints.DocumentPath"/>), as the API serves it, in a file.</summary>
    public static async Task<string> WriteClientDocumentAsync(LayersFixture fixture, string folder)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        using var client = fixture.CreateClient();
        var path = Path.Combine(folder, "openapi.json");
        await File.WriteAllBytesAsync(path, await client.GetByteArrayAsync(new Uri(OpenApiEndpoints.DocumentPath, UriKind.Relative), TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        return path;
    }

    /// <summary>Runs a program to its end and returns its output; fails with that output when it exits with another code than 0.</summary>
    public static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not end within {timeout.TotalMinutes:0} min:{Environment.NewLine}{Text(output)}");
        }

        // The redirected streams are drained once the process has exited and this wait returns.
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:{Environment.NewLine}{Text(output)}");
        return Text(output);
    }

    /// <summary>
    /// Fails, naming the files that differ, unless <paramref name="generated"/> holds exactly the
    /// files of <paramref name="committed"/> with the same content; with <see cref="AcceptVariable"/>
    /// set, copies the generation over the committed folder instead.
    /// </summary>
    public static void AssertSameFiles(string generated, string committed, string generator)
    {
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            if (Directory.Exists(committed))
            {
                Directory.Delete(committed, recursive: true);
            }

            foreach (var file in Files(generated))
            {
                var target = Path.Combine(committed, file);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(Path.Combine(generated, file), target);
            }

            return;
        }

        var differing = Files(generated).Union(Files(committed), StringComparer.Ordinal)
            .Where(file => !File.Exists(Path.Combine(generated, file)) || !File.Exists(Path.Combine(committed, file))
                || !File.ReadAllBytes(Path.Combine(generated, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(committed, file))))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(
            differing.Count == 0,
            $"{generator} makes of the current {OpenApiEndpoints.DocumentPath} another client than the one committed in "
            + $"{Path.GetRelativePath(RepositoryRoot, committed)}: {string.Join(", ", differing.Take(10))}{(differing.Count > 10 ? ", ..." : string.Empty)}. "
            + $"Regenerate it: run this test with {AcceptVariable}=1, and commit the result.");
    }

    private static List<string> Files(string folder) =>
        Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(file => Path.GetRelativePath(folder, file))]
            : [];

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string FindRepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Layers.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The tests run outside the clone: no Layers.sln above them.");
    }
}
