using Layers.Api.Observability;
using Layers.Api.Observability.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Layers.Api.Tests.Observability;

public sealed class ConsoleLoggingTests
{
    [Theory]
    [InlineData(null, ConsoleFormatterNames.Simple)]
    [InlineData("json", ConsoleFormatterNames.Json)]
    [InlineData("systemd", ConsoleFormatterNames.Systemd)]
    public void The_API_logs_through_the_batched_console_provider_with_the_formatter_Logging_Console_names(string? configured, string used)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (configured is not null)
        {
            builder.Configuration["Logging:Console:FormatterName"] = configured;
        }

        builder.AddConsoleLogging();

        using var services = builder.Services.BuildServiceProvider();
        var provider = Assert.IsType<BatchedConsoleLoggerProvider>(Assert.Single(services.GetServices<ILoggerProvider>()));
        Assert.Equal(used, provider.Formatter.Name);
    }
}
