using Layers.Application;
using Layers.Application.Common.Security;
using Layers.Application.Operations;
using Layers.Infrastructure;
using Layers.Infrastructure.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Layers.Cli;

/// <summary>
/// The Layers.Cli executable, also run by the API binary when its first argument is a verb. Its
/// host reads the API's configuration sources: appsettings.json beside the binary, then
/// environment variables (ConnectionStrings__Layers, Database__*...).
/// </summary>
public static class LayersCli
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error, CancellationToken.None);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        IHost? host = null;
        try
        {
            return await OperatorCli.RunAsync(args, () => (host ??= BuildHost()).Services, output, error, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            host?.Dispose();
        }
    }

    /// <summary>
    /// What the API's appsettings.json says about logging, for Layers.Cli run without one beside
    /// it; the lowest configuration source, so appsettings.json and the environment still decide.
    /// </summary>
    private static readonly Dictionary<string, string?> Defaults = new(StringComparer.Ordinal)
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:Npgsql"] = "Warning",
    };

    private static IHost BuildHost()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(Defaults);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Configuration = configuration,
            // The verbs' arguments are System.CommandLine's, not configuration.
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,

            // As the web host, which reads ASPNETCORE_ENVIRONMENT too, would name it.
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
                ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                ?? Environments.Production,
        });

        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));

        // Standard output carries the verb's result (ids, keys) for scripts; logs go to standard error.
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);

        var connectionString = builder.Configuration.GetConnectionString("Layers")
            ?? throw new OperatorException("Set the connection string ConnectionStrings__Layers.");
        builder.Services.AddApplication();

        // Requests the verbs send (the demo seed's influencer) act for the org they name.
        builder.Services.AddSingleton<ICurrentCaller, AmbientCaller>();
        try
        {
            builder.Services.AddInfrastructure(connectionString, builder.Configuration);
        }
        catch (ArgumentException exception)
        {
            throw new OperatorException($"Invalid configuration: {exception.Message}", exception);
        }

        var host = builder.Build();

        // The host is never started, so its settings are checked here as its start would check them.
        if (SettingsValidation.Problems(host.Services) is [_, ..] problems)
        {
            host.Dispose();
            throw new OperatorException($"Invalid configuration: {string.Join(" ", problems)}");
        }

        return host;
    }
}
