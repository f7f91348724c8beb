using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Layers.IntegrationTests.Support;

/// <summary>Keeps every message logged by a host, to count what it did (e.g. the statements the driver ran).</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> messages = new();

    /// <summary>Messages of a category (or its children) that start with <paramref name="start"/> and contain <paramref name="fragment"/>.</summary>
    public int Count(string categoryPrefix, string start, string fragment) =>
        messages.Count(entry => entry.Category.StartsWith(categoryPrefix, StringComparison.Ordinal)
                                && entry.Message.StartsWith(start, StringComparison.Ordinal)
                                && entry.Message.Contains(fragment, StringComparison.Ordinal));

    /// <summary>Messages at <paramref name="level"/> of a category that contain <paramref name="fragment"/>, with their exceptions.</summary>
    public int Count(string category, LogLevel level, string fragment) =>
        messages.Count(entry => entry.Category == category && entry.Level == level && entry.Message.Contains(fragment, StringComparison.Ordinal));

    /// <summary>Every message of a category, in order, with its level (and its exception, if one was logged).</summary>
    public List<(LogLevel Level, string Message)> Lines(string category) =>
        [.. messages.Where(entry => entry.Category == category).Select(entry => (entry.Level, entry.Message))];

    /// <summary>Every message at <paramref name="level"/> or above, with its category and level.</summary>
    public IReadOnlyList<string> AtLeast(LogLevel level) =>
        messages.Where(entry => entry.Level >= level).Select(entry => $"{entry.Category} {entry.Level}: {entry.Message}").ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, messages);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue((category, logLevel, exception is null ? formatter(state, exception) : $"{formatter(state, exception)} {exception}"));
    }
}
