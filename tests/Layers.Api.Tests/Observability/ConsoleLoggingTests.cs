using Layers.Api.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Layers.Api.Tests.Observability;

public sealed class ConsoleLoggingTests
{
    [Theory]
    [InlineData(null, ConsoleFormatterNames.Simple)]
    [InlineData("json", ConsoleFormatterNames.Json)]
    [InlineData("systemd", ConsoleFormatterNames.Systemd)]
    public void The_API_logs_through_the_console_logger_with_the_formatter_Logging_Console_names(string? configured, string used)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (configured is not null)
        {
            builder.Configuration["Logging:Console:FormatterName"] = configured;
        }

        builder.AddConsoleLogging();

        using var services = builder.Services.BuildServiceProvider();
        Assert.IsType<ConsoleLoggerProvider>(Assert.Single(services.GetServices<ILoggerProvider>()));
        Assert.Equal(used, services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
    }
}
