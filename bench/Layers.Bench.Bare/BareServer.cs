using Npgsql;

namespace Layers.Bench.Bare;

/// <summary>
/// The bare endpoint as a web application: run by Program, and hosted in-process by the test that
/// holds its answers to the API's (BareEndpointAnswerTests).
/// </summary>
public static class BareServer
{
    /// <summary>
    /// A data source with the API's pool and statement settings (its DatabaseOptions defaults and
    /// how its Infrastructure applies them), written out here because the floor references nothing
    /// of src/; a Tooling test fails when the two differ. Statements are prepared on the server by
    /// the driver once used five times, as the API's are.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
        {
            Timeout = 5,
            CommandTimeout = 0,
            CancellationTimeout = -1,
            MaxPoolSize = 50,
            MinPoolSize = 4,
            NoResetOnClose = true,
            MaxAutoPrepare = 64,
        }.ConnectionString);

    /// <summary>The PATCH endpoint (<c>--urls</c> honoured). API keys are read here, once: a key created later is unknown to it.</summary>
    public static async Task<WebApplication> CreateAsync(string[] args, NpgsqlDataSource dataSource)
    {
        var builder = CreateBuilder(args);
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton(await KeyStore.LoadAsync(dataSource).ConfigureAwait(false));
        builder.Services.AddSingleton<PatchEndpoint>();

        var app = builder.Build();
        var endpoint = app.Services.GetRequiredService<PatchEndpoint>();
        app.MapPatch("/v1/influencers/{influencerId}", (HttpContext context, string influencerId) => endpoint.HandleAsync(context, influencerId));
        return app;
    }

    /// <summary>
    /// The host as the API builds it (the slim builder: no HTTPS configuration, HTTP/3, host
    /// filtering or regex constraints, the console as the only log provider), so that the floor
    /// carries none of the full builder's costs the API does not.
    /// </summary>
    private static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        return builder;
    }
}
