using System.Runtime.InteropServices;

namespace Layers.IntegrationTests.Load;

/// <summary>POSIX signals to processes the tests started: .NET's Process can only kill (SIGKILL).</summary>
internal static class Signals
{
    private const int SigTerm = 15;

    public static void Terminate(int processId)
    {
        if (Kill(processId, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({processId}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    // DllImport rather than LibraryImport, whose generated code needs unsafe blocks: two ints need no marshalling.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int sig);
}
