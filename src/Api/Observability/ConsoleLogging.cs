using Microsoft.Extensions.Logging.Console;

namespace Layers.Api.Observability;

/// <summary>
/// The framework's console logger, to standard output, with its formatters and settings from the
/// "Logging:Console" configuration section (formatter, its options, the standard error threshold,
/// the queue).
/// </summary>
public static class ConsoleLogging
{
    public static WebApplicationBuilder AddConsoleLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddConsole();

        // The slim builder names the simple formatter after the section is bound, which would
        // overrule its FormatterName: bound again, last, the configuration decides, and without a
        // name there the simple formatter stays.
        builder.Services.Configure<ConsoleLoggerOptions>(builder.Configuration.GetSection("Logging:Console"));
        return builder;
    }
}
