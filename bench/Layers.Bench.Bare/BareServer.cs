using Npgsql;

namespace Layers.Bench.Bare;

/// <summary>
/// The bare endpoint as a web application: run by Program, and hosted in-process by the test that
/// holds its answers to the API's (BareEndpointAnswerTests).
/// </summary>
public static class BareServer
{
    /// <summary>A data source with the API's pool settings (DatabaseOptions defaults), so that both hold the same connections.</summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 1, CommandTimeout = 2, MaxPoolSize = 50, NoResetOnClose = true }.ConnectionString);

    /// <summary>The PATCH endpoint (<c>--urls</c> honoured). API keys are read here, once: a key created later is unknown to it.</summary>
    public static async Task<WebApplication> CreateAsync(string[] args, NpgsqlDataSource dataSource)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton(await KeyStore.LoadAsync(dataSource).ConfigureAwait(false));
        builder.Services.AddSingleton<PatchEndpoint>();

        var app = builder.Build();
        var endpoint = app.Services.GetRequiredService<PatchEndpoint>();
        app.MapPatch("/v1/influencers/{influencerId}", (HttpContext context, string influencerId) => endpoint.HandleAsync(context, influencerId));
        return app;
    }
}
