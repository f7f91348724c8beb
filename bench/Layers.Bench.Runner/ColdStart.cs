using System.Net;

namespace Layers.Bench.Runner;

/// <summary>How long a freshly started server takes to answer its first PATCH with 200.</summary>
internal static class ColdStart
{
    /// <summary>
    /// Sends <paramref name="attempt"/> until one is answered 200, pausing between attempts, and
    /// returns <paramref name="elapsed"/> as it was at that answer. A refused connection (nothing
    /// listens yet), any other failure to get an answer, and any other status count as not yet.
    /// </summary>
    public static async Task<TimeSpan> UntilFirstOkAsync(
        Func<Task<HttpStatusCode>> attempt,
        Func<TimeSpan> elapsed,
        Func<Task> pause,
        Func<bool> exited,
        TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(elapsed);
        ArgumentNullException.ThrowIfNull(pause);
        ArgumentNullException.ThrowIfNull(exited);
        while (true)
        {
            try
            {
                if (await attempt().ConfigureAwait(false) == HttpStatusCode.OK)
                {
                    return elapsed();
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (exited())
            {
                throw new InvalidOperationException("The server exited before it answered a PATCH with 200.");
            }

            if (elapsed() > timeout)
            {
                throw new TimeoutException($"The server did not answer a PATCH with 200 within {timeout.TotalSeconds:0} s.");
            }

            await pause().ConfigureAwait(false);
        }
    }
}
