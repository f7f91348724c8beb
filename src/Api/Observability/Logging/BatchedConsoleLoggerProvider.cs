using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Layers.Api.Observability.Logging;

/// <summary>
/// The console logger with its lines written in batches (<see cref="LogLineWriter"/>). Everything
/// else is the framework's: its formatters (simple, json, systemd, with their options), the
/// "Logging:Console" settings and filters (the alias is the console logger's), the queue's length
/// and full mode. Microsoft.Extensions.Logging.Console has no batching of its own.
/// </summary>
[ProviderAlias("Console")]
internal sealed class BatchedConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentDictionary<string, BatchedConsoleLogger> loggers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConsoleFormatter> formatters;
    private readonly IDisposable? reload;

    public BatchedConsoleLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters)
        : this(options, formatters, (length, mode) => new LogLineWriter(Console.OpenStandardOutput(), Console.OpenStandardError(), LogLineWriter.DefaultBatchDelay, length, mode))
    {
    }

    internal BatchedConsoleLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters, Func<int, ConsoleLoggerQueueFullMode, LogLineWriter> writer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(formatters);
        ArgumentNullException.ThrowIfNull(writer);
        this.formatters = formatters.ToDictionary(formatter => formatter.Name, StringComparer.OrdinalIgnoreCase);
        Writer = writer(options.CurrentValue.MaxQueueLength, options.CurrentValue.QueueFullMode);
        Configure(options.CurrentValue);
        reload = options.OnChange(Configure);
    }

    internal LogLineWriter Writer { get; }

    internal ConsoleFormatter Formatter { get; private set; } = null!;

    internal LogLevel ToErrorFrom { get; private set; }

    internal IExternalScopeProvider? ScopeProvider { get; private set; }

    public ILogger CreateLogger(string categoryName) => loggers.GetOrAdd(categoryName, name => new BatchedConsoleLogger(name, this));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => ScopeProvider = scopeProvider;

    public void Dispose()
    {
        reload?.Dispose();
        Writer.Dispose();
    }

    // As the console logger: an unknown or absent formatter name means the simple formatter.
    private void Configure(ConsoleLoggerOptions options)
    {
        Formatter = options.FormatterName is { } name && formatters.TryGetValue(name, out var named) ? named : formatters[ConsoleFormatterNames.Simple];
        ToErrorFrom = options.LogToStandardErrorThreshold;
        Writer.Configure(options.MaxQueueLength, options.QueueFullMode);
    }
}

/// <summary>Formats on the caller's thread, as the console logger does, and queues the line.</summary>
internal sealed class BatchedConsoleLogger(string category, BatchedConsoleLoggerProvider provider) : ILogger
{
    [ThreadStatic]
    private static StringWriter? text;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => provider.ScopeProvider?.Push(state);

    // The logger factory has already applied the filters.
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        ArgumentNullException.ThrowIfNull(formatter);
        var writer = text ??= new StringWriter(CultureInfo.InvariantCulture);
        provider.Formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), provider.ScopeProvider, writer);
        var formatted = writer.GetStringBuilder();
        if (formatted.Length == 0)
        {
            return;
        }

        var line = formatted.ToString();
        formatted.Clear();

        // One long line (an exception's stack) must not keep its buffer for the thread's lifetime.
        if (formatted.Capacity > 1024)
        {
            formatted.Capacity = 1024;
        }

        provider.Writer.Write(new LogLine(line, ToError: logLevel >= provider.ToErrorFrom), urgent: logLevel >= LogLevel.Error);
    }
}

public static class BatchedConsoleLogging
{
    /// <summary>Replaces the console logger that the host's defaults add with <see cref="BatchedConsoleLoggerProvider"/>.</summary>
    public static ILoggingBuilder UseBatchedConsole(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.AddConsole();
        foreach (var console in logging.Services.Where(service => service.ServiceType == typeof(ILoggerProvider) && service.ImplementationType == typeof(ConsoleLoggerProvider)).ToList())
        {
            logging.Services.Remove(console);
        }

        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, BatchedConsoleLoggerProvider>());
        return logging;
    }
}
