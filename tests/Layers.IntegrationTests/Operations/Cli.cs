using System.Diagnostics;
using Layers.Cli;

namespace Layers.IntegrationTests.Operations;

/// <summary>Runs operator verbs in-process through a host's services, or as a built binary.</summary>
internal static class Cli
{
    /// <summary>The API binary, which hands verbs on to the CLI's entry.</summary>
    public const string ApiBinary = "Layers.Api.dll";

    public const string CliBinary = "Layers.Cli.dll";

    public static Task<CliResult> RunAsync(IServiceProvider services, params string[] args) =>
        RunAsync(services, new StringWriter(), args);

    public static async Task<CliResult> RunAsync(IServiceProvider services, TextWriter output, params string[] args)
    {
        using (output)
        using (var error = new StringWriter())
        {
            var exitCode = await OperatorCli.RunAsync(args, services, output, error, TestContext.Current.CancellationToken);
            return new CliResult(exitCode, output.ToString() ?? string.Empty, error.ToString());
        }
    }

    /// <summary>
    /// A built binary (<see cref="ApiBinary"/> or <see cref="CliBinary"/>) as a separate process,
    /// with <paramref name="connectionString"/> as its only configuration beyond appsettings.json
    /// (none at all when null).
    /// </summary>
    public static Task<CliResult> RunBinaryAsync(string binary, string? connectionString, params string[] args) =>
        RunBinaryAsync(binary, connectionString, new Dictionary<string, string>(), args);

    /// <summary>As above, with more environment variables, which win over the connection string.</summary>
    public static async Task<CliResult> RunBinaryAsync(string binary, string? connectionString, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, binary));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ConnectionStrings__Layers");
        if (connectionString is not null)
        {
            start.Environment["ConnectionStrings__Layers"] = connectionString;
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new CliResult(process.ExitCode, await output, await error);
    }
}

internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string LastLine => Lines.Length == 0 ? string.Empty : Lines[^1];

    /// <summary>Standard error's lines, the last line break aside.</summary>
    public string[] ErrorLines => Error.TrimEnd('\n').Split('\n');
}
