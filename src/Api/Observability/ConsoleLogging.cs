using Layers.Api.Observability.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Layers.Api.Observability;

/// <summary>
/// The console logger's formatters and settings from the "Logging:Console" configuration section
/// (formatter, its options, the standard error threshold, the queue), its lines written to standard
/// output in batches (<see cref="BatchedConsoleLoggerProvider"/>): with the framework's console
/// logger, a line per request cost the as-shipped configuration throughput and its p99 tail in
/// paired A/B runs (docs/performance.md).
/// </summary>
public static class ConsoleLogging
{
    public static WebApplicationBuilder AddConsoleLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.UseBatchedConsole();

        // The slim builder names the simple formatter after the section is bound, which would
        // overrule its FormatterName: bound again, last, the configuration decides, and without a
        // name there the simple formatter stays.
        builder.Services.Configure<ConsoleLoggerOptions>(builder.Configuration.GetSection("Logging:Console"));
        return builder;
    }
}
