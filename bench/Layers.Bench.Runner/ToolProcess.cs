using System.Diagnostics;

namespace Layers.Bench.Runner;

/// <summary>Runs a command to its end and returns what it printed; a non-zero exit fails the run.</summary>
internal static class ToolProcess
{
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} {string.Join(' ', start.ArgumentList)} failed (exit code {process.ExitCode}):\n{await output.ConfigureAwait(false)}\n{await errors.ConfigureAwait(false)}");
        }

        return await output.ConfigureAwait(false);
    }
}
