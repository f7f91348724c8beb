namespace Layers.Bench.Runner;

/// <summary>What a report states about where it was measured: the commit, and how busy the machine was.</summary>
internal static class RunFacts
{
    /// <summary>The short commit <paramref name="revision"/> names; "unknown" outside a git checkout.</summary>
    public static async Task<string> CommitAsync(string revision)
    {
        try
        {
            return (await ToolProcess.RunAsync("git", ["rev-parse", "--short", "--verify", "--end-of-options", $"{revision}^{{commit}}"]).ConfigureAwait(false)).Trim();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    /// <summary>The 1, 5 and 15 minute load averages; "n/a" where /proc has none.</summary>
    public static async Task<string> LoadAverageAsync() =>
        File.Exists("/proc/loadavg")
            ? string.Join(' ', (await File.ReadAllTextAsync("/proc/loadavg").ConfigureAwait(false)).Split(' ').Take(3))
            : "n/a";
}
