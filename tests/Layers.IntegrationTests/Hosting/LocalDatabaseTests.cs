using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using Layers.IntegrationTests.Load;
using Layers.IntegrationTests.Operations;

namespace Layers.IntegrationTests.Hosting;

/// <summary>
/// Where the server finds its database when nobody configured one: in Development, the local
/// cluster of <c>./build.sh run</c> (eng/local-postgres.sh), which starts from a clone wherever it
/// is; elsewhere, nowhere, said in one line.
/// </summary>
public sealed class LocalDatabaseTests
{
    // Generous: on a fresh machine the script first installs PostgreSQL with apt.
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task The_local_database_starts_from_a_clone_in_a_mode_700_directory_and_a_development_server_uses_it()
    {
        // As any other user PostgreSQL runs as that user, who can enter the clone: only root's
        // cluster, run by the postgres system user, meets a directory it cannot enter.
        Assert.SkipUnless(Environment.UserName == "root", "Only root runs the cluster as another user.");
        var home = Directory.CreateTempSubdirectory("layers-home-");
        File.SetUnixFileMode(home.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var clone = Path.Combine(home.FullName, "layers");
        Directory.CreateDirectory(Path.Combine(clone, "eng"));
        foreach (var script in (string[])["local-postgres.sh", "state-dir.sh"])
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "eng", script), Path.Combine(clone, "eng", script));
        }

        var port = ApiProcess.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture);
        try
        {
            var started = await RunScriptAsync(clone, port, "start");
            Assert.Equal((0, $"Host=127.0.0.1;Port={port};Username=layers;Database=layers"), (started.ExitCode, started.Output.TrimEnd('\n').Split('\n')[^1]));

            // Migrated as ./build.sh run does: readiness waits for a start-up warm-up that reads the tables.
            var migrated = await Operations.Cli.RunBinaryAsync(Operations.Cli.CliBinary, $"Host=127.0.0.1;Port={port};Username=layers;Database=layers", "migrate");
            Assert.Equal(0, migrated.ExitCode);

            // Ready means /readyz answered 200, which it does only once the database answers.
            await using var api = await ApiProcess.StartAsync(
                new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["LAYERS_PG_PORT"] = port },
                TestContext.Current.CancellationToken);
        }
        finally
        {
            var state = (await RunScriptAsync(clone, port, "datadir")).Output.Trim();
            await RunScriptAsync(clone, port, "wipe");
            Directory.Delete(Path.GetDirectoryName(state)!, recursive: true);
            home.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_development_server_without_a_database_says_in_one_line_what_to_start_or_set()
    {
        var port = ApiProcess.FreeLoopbackPort();

        var result = await Operations.Cli.RunBinaryAsync(
            Operations.Cli.ApiBinary,
            null,
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["LAYERS_PG_PORT"] = port.ToString(CultureInfo.InvariantCulture) });

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"No ConnectionStrings__Layers is set and the local database of ./build.sh run does not answer on 127.0.0.1:{port} "
            + $"(Failed to connect to 127.0.0.1:{port}): start it with eng/local-postgres.sh start (or ./build.sh run), or set ConnectionStrings__Layers.",
            Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task A_server_outside_development_without_a_connection_string_exits_1_with_one_line()
    {
        var result = await Operations.Cli.RunBinaryAsync(Operations.Cli.ApiBinary, null, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "Set the connection string ConnectionStrings__Layers (e.g. Host=db;Username=layers;Password=...;Database=layers); "
            + "in Development the API uses the local database of ./build.sh run.",
            Assert.Single(result.ErrorLines));
    }

    private static async Task<CliResult> RunScriptAsync(string clone, string port, string verb)
    {
        // From the clone, as a developer types it: the script must not depend on the postgres
        // user entering the directory it is run from.
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = clone };
        start.ArgumentList.Add(Path.Combine(clone, "eng", "local-postgres.sh"));
        start.ArgumentList.Add(verb);
        start.Environment["LAYERS_PG_PORT"] = port;
        using var process = Process.Start(start)!;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(ScriptTimeout);
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
