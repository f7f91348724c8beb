using System.Net;
using System.Net.Sockets;
using Layers.Cli;

namespace Layers.IntegrationTests.Operations;

/// <summary>
/// The built CLI pointed at a database that is not there (nothing listening) or frozen (a
/// listener that never answers): every verb gives up within the configured connect timeout (1 s
/// here, to keep the suite short), with exit code 1 and one line on standard error. The shared
/// test container is left alone.
/// </summary>
public sealed class OperatorCliDatabaseDownTests
{
    /// <summary>Command lines split on spaces.</summary>
    public static TheoryData<string> EveryVerb { get; } =
    [
        "migrate",
        "orgs create down-org",
        "orgs list",
        "projects create --org down-org --name Launch",
        "projects list --org down-org",
        "keys create --org down-org --scopes influencers:read --name ci",
        "keys list --org down-org",
        "keys revoke abcdefghijklmnop",
        $"demo seed {Path.Combine(Path.GetTempPath(), $"layers-demo-{Guid.NewGuid():N}.json")}",
    ];

    [Theory]
    [MemberData(nameof(EveryVerb))]
    public async Task Every_verb_exits_1_with_one_line_when_nothing_listens_at_the_database_address(string commandLine)
    {
        var result = await Cli.RunBinaryAsync(Cli.CliBinary, ConnectionStringFor(ClosedPort()), commandLine.Split(' '));

        AssertUnavailable(result);
    }

    [Fact]
    public async Task Every_verb_exits_1_with_one_line_when_the_database_never_answers()
    {
        // Connections are accepted by the kernel and then nothing is ever said on them. The verbs
        // run side by side: each waits out the connect timeout, which is the point, not the cost.
        using var frozen = new TcpListener(IPAddress.Loopback, 0);
        frozen.Start();
        var verbs = EveryVerb.Select(row => row.Data).ToList();

        var results = await Task.WhenAll(verbs.Select(commandLine => Cli.RunBinaryAsync(
            Cli.CliBinary,
            ConnectionStringFor(((IPEndPoint)frozen.LocalEndpoint).Port),
            new Dictionary<string, string> { ["Database__ConnectTimeout"] = "00:00:01" },
            commandLine.Split(' '))));

        Assert.Equal(9, results.Length);
        Assert.All(results, AssertUnavailable);
    }

    [Fact]
    public async Task A_verb_without_a_connection_string_exits_1_with_one_line()
    {
        var result = await Cli.RunBinaryAsync(Cli.CliBinary, null, "keys", "list", "--org", "acme");

        Assert.Equal(OperatorCli.Failed, result.ExitCode);
        Assert.Equal(["Set the connection string ConnectionStrings__Layers."], result.ErrorLines);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("ConnectionStrings__Layers", "not a connection string")]
    [InlineData("Database__ConnectTimeout", "soon")]
    [InlineData("Database__MaxPoolSize", "0")]
    public async Task A_verb_with_configuration_it_cannot_read_exits_1_with_one_line(string variable, string value)
    {
        var result = await Cli.RunBinaryAsync(
            Cli.CliBinary,
            ConnectionStringFor(ClosedPort()),
            new Dictionary<string, string> { [variable] = value },
            "keys",
            "list",
            "--org",
            "acme");

        Assert.Equal(OperatorCli.Failed, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.StartsWith("Invalid configuration: ", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    private static void AssertUnavailable(CliResult result)
    {
        Assert.Equal(OperatorCli.Failed, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.StartsWith("Database unavailable: ", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    private static string ConnectionStringFor(int port) =>
        $"Host=127.0.0.1;Port={port};Username=layers;Password=layers;Database=layers";

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
