using System.Globalization;
using Npgsql;

namespace Layers.Api.Hosting;

/// <summary>
/// Where the API's database is when nobody said: in Development, the local cluster that
/// <c>./build.sh run</c> starts (eng/local-postgres.sh, 127.0.0.1, port LAYERS_PG_PORT or 5433),
/// so that <c>dotnet run --project src/Api</c> works as it does for any ASP.NET Core app; anywhere
/// else, nowhere. A missing setting is the operator's to fix, not a crash: one line that says
/// what to start or set, and exit code 1.
/// </summary>
internal static class LocalDatabase
{
    private const int DefaultPort = 5433;

    // Long enough for a cluster that is up, short enough that a developer is not kept waiting.
    private const int ProbeTimeoutSeconds = 3;

    /// <returns>The connection string to use, or null once the line is written.</returns>
    public static async Task<string?> ConnectionStringAsync(IConfiguration configuration, IHostEnvironment environment, TextWriter error)
    {
        if (configuration.GetConnectionString("Layers") is { } configured)
        {
            return configured;
        }

        if (!environment.IsDevelopment())
        {
            await error.WriteLineAsync(
                "Set the connection string ConnectionStrings__Layers (e.g. Host=db;Username=layers;Password=...;Database=layers); "
                + "in Development the API uses the local database of ./build.sh run.").ConfigureAwait(false);
            return null;
        }

        var port = int.TryParse(Environment.GetEnvironmentVariable("LAYERS_PG_PORT"), NumberStyles.None, CultureInfo.InvariantCulture, out var given) ? given : DefaultPort;
        var local = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "layers", Database = "layers" };
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(local.ConnectionString) { Timeout = ProbeTimeoutSeconds }.ConnectionString);
            await connection.OpenAsync().ConfigureAwait(false);
            return local.ConnectionString;
        }
        catch (NpgsqlException exception)
        {
            await error.WriteLineAsync(
                $"No ConnectionStrings__Layers is set and the local database of ./build.sh run does not answer on 127.0.0.1:{port} "
                + $"({exception.Message.ReplaceLineEndings(" ")}): start it with eng/local-postgres.sh start (or ./build.sh run), "
                + "or set ConnectionStrings__Layers.").ConfigureAwait(false);
            return null;
        }
    }
}
