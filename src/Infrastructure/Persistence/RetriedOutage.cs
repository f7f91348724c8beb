using Microsoft.Extensions.Logging;

namespace Layers.Infrastructure.Persistence;

/// <summary>
/// What a background loop that retries database work once a second logs of the times it fails:
/// the failure that begins an outage is one warning with its reason; the retries that fail while
/// it lasts are counted, each a debug line without a stack trace, since a database that is down
/// fails them all alike; the attempt that succeeds ends it with one line, with the count and the
/// outage's length. One loop reports to it, one call at a time.
/// </summary>
/// <param name="activity">What the loop does, as the subject of the lines (e.g. "Listening for API key changes").</param>
/// <param name="meanwhile">What holds while it fails, for the warning.</param>
public sealed partial class RetriedOutage(ILogger logger, TimeProvider clock, string activity, string meanwhile)
{
    private long? began;
    private int retries;

    public bool IsActive => began is not null;

    /// <summary>An attempt failed.</summary>
    public void Failed(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (began is null)
        {
            began = clock.GetTimestamp();
            retries = 0;
            var reason = Reason(exception);
            LogDown(logger, activity, reason, meanwhile);
            return;
        }

        retries++;
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var reason = Reason(exception);
            LogRetryFailed(logger, activity, retries, reason);
        }
    }

    /// <summary>An attempt succeeded: this ends the outage, if there is one.</summary>
    public void Succeeded()
    {
        if (began is not { } start)
        {
            return;
        }

        began = null;
        var seconds = clock.GetElapsedTime(start).TotalSeconds;
        LogBack(logger, activity, seconds, retries + 1);
    }

    /// <summary>The messages of the exception and of those it wraps, on one line: the driver's own is often only "reading from stream".</summary>
    private static string Reason(Exception exception)
    {
        var messages = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            messages.Add($"{current.GetType().Name}: {current.Message.ReplaceLineEndings(" ")}");
        }

        return string.Join(" ---> ", messages);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Activity} failed ({Reason}); {Meanwhile}; retrying once a second")]
    private static partial void LogDown(ILogger logger, string activity, string reason, string meanwhile);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Activity}: retry {Retry} failed ({Reason})")]
    private static partial void LogRetryFailed(ILogger logger, string activity, int retry, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Activity} succeeded after {Seconds:0.0} s; retries: {Retries}")]
    private static partial void LogBack(ILogger logger, string activity, double seconds, int retries);
}
