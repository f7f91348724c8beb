using Layers.Api.Observability.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Layers.Api.Tests.Observability.Logging;

public sealed partial class BatchedConsoleLoggerProviderTests
{
    private readonly RecordingStreams streams = new();

    [Fact]
    public void A_line_has_the_console_loggers_simple_format_by_default()
    {
        Log([], logger => LogPatch(logger, 200));

        Assert.Equal([("out", Lines("info: Layers.Test[7]", "      PATCH 200"))], streams.Writes);
    }

    [Fact]
    public void The_configured_formatter_and_its_options_format_the_line()
    {
        Log(
            new() { ["Logging:Console:FormatterName"] = "json", ["Logging:Console:FormatterOptions:IncludeScopes"] = "false" },
            logger => LogPatch(logger, 200));

        var (stream, text) = Assert.Single(streams.Writes);
        Assert.Equal("out", stream);
        Assert.Equal(
            """{"EventId":7,"LogLevel":"Information","Category":"Layers.Test","Message":"PATCH 200","State":{"Status":200,"{OriginalFormat}":"PATCH {Status}"}}""" + Environment.NewLine,
            text);
    }

    [Fact]
    public void Lines_from_the_standard_error_threshold_up_go_to_standard_error()
    {
        Log(
            new() { ["Logging:Console:LogToStandardErrorThreshold"] = "Warning" },
            logger =>
            {
                LogFine(logger);
                LogOdd(logger);
            });

        Assert.Equal([("out", Lines("info: Layers.Test[8]", "      fine")), ("err", Lines("warn: Layers.Test[9]", "      odd"))], streams.Writes);
    }

    private void Log(Dictionary<string, string?> settings, Action<ILogger> log)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddConsole())
            .BuildServiceProvider();
        using (var provider = new BatchedConsoleLoggerProvider(
            services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(),
            services.GetServices<ConsoleFormatter>(),
            (length, mode) => new LogLineWriter(streams.Output, streams.Error, TimeSpan.FromHours(1), length, mode)))
        {
            log(provider.CreateLogger("Layers.Test"));
        }
    }

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "PATCH {Status}")]
    private static partial void LogPatch(ILogger logger, int status);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "fine")]
    private static partial void LogFine(ILogger logger);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "odd")]
    private static partial void LogOdd(ILogger logger);

    private static string Lines(params string[] lines) => string.Concat(lines.Select(line => line + Environment.NewLine));
}
