using Microsoft.Extensions.Logging;

namespace Layers.Infrastructure.Persistence.ApiKeys;

/// <summary>
/// What <see cref="ApiKeyChangeListener"/> logs of the times it cannot listen: the failure that
/// begins an outage is one warning with its reason; the retries that fail while it lasts are
/// counted, each a debug line without a stack trace, since a database that is down fails them all
/// alike; the retry that listens again ends it with one line, with the count and the outage's
/// length. One listener loop reports to it, one call at a time.
/// </summary>
public sealed partial class ApiKeyListenerOutage(ILogger logger, TimeProvider clock)
{
    private long? began;
    private int retries;

    public bool IsActive => began is not null;

    /// <summary>An attempt to listen failed, or the connection that listened broke.</summary>
    public void Failed(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (began is null)
        {
            began = clock.GetTimestamp();
            retries = 0;
            var reason = Reason(exception);
            LogDown(logger, reason);
            return;
        }

        retries++;
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var reason = Reason(exception);
            LogRetryFailed(logger, retries, reason);
        }
    }

    /// <summary>LISTEN is in place: this ends the outage, if there is one.</summary>
    public void Listening()
    {
        if (began is not { } start)
        {
            return;
        }

        began = null;
        var lasted = clock.GetElapsedTime(start);
        LogBack(logger, lasted.TotalSeconds, retries + 1);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not listening for API key changes ({Reason}); keys are read from the database until it is back")]
    private static partial void LogDown(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Still not listening for API key changes, retry {Retry} failed ({Reason})")]
    private static partial void LogRetryFailed(ILogger logger, int retry, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for API key changes again after {Seconds:0.0} s; retries: {Retries}")]
    private static partial void LogBack(ILogger logger, double seconds, int retries);
}
