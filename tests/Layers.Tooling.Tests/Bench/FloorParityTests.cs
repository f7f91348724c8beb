using System.Text.RegularExpressions;
using System.Xml.Linq;
using Layers.Bench.Bare;
using Layers.Bench.Runner;
using Layers.Infrastructure;
using Layers.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Layers.Tooling.Tests.Bench;

/// <summary>
/// The floor gets every advantage the API has that a careful hand-written endpoint would use
/// (docs/performance.md, "The floor"). The bare endpoint is written apart from the API and shares
/// no code with it, so these tests hold its set-up, and pgbench's, to the API's as each is
/// declared: they fail when either side changes alone.
/// </summary>
public sealed partial class FloorParityTests
{
    private const string ConnectionString = "Host=db.example;Port=5432;Database=layers;Username=layers;Password=secret";

    private static readonly Lazy<DirectoryInfo> Root = new(() =>
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Layers.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        return root;
    });

    [Fact]
    public void The_bare_endpoint_pools_and_prepares_its_statements_as_the_api_does()
    {
        using var services = new ServiceCollection().AddInfrastructure(ConnectionString, new ConfigurationBuilder().Build()).BuildServiceProvider();
        var api = services.GetRequiredService<NpgsqlDataSource>();
        using var bare = BareServer.CreateDataSource(ConnectionString);

        Assert.Equal(Settings(api.ConnectionString), Settings(bare.ConnectionString));
    }

    [Fact]
    public void Pgbench_prepares_its_statements_when_the_api_does()
    {
        var arguments = ServerRuns.PgbenchArguments(32, []).ToList();

        Assert.Equal(new DatabaseOptions().MaxAutoPrepare > 0 ? "prepared" : "simple", arguments[arguments.IndexOf("-M") + 1]);
    }

    [Fact]
    public void Both_servers_are_built_with_the_same_runtime_and_publish_settings()
    {
        Assert.Equal(
            Imports(Path.Combine("src", "Api", "Layers.Api.csproj")).Where(IsServerRuntime),
            Imports(Path.Combine("bench", "Layers.Bench.Bare", "Layers.Bench.Bare.csproj")).Where(IsServerRuntime));
        Assert.Single(Imports(Path.Combine("src", "Api", "Layers.Api.csproj")), IsServerRuntime);
    }

    [Fact]
    public void Both_servers_start_from_the_same_host_builder()
    {
        var api = Assert.Single(HostBuilders(Path.Combine("src", "Api", "Program.cs")));
        var bare = Assert.Single(HostBuilders(Path.Combine("bench", "Layers.Bench.Bare", "BareServer.cs")));

        Assert.Equal(api, bare);
    }

    private static SortedDictionary<string, string> Settings(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new(builder.Keys.ToDictionary(key => key, key => Convert.ToString(builder[key], System.Globalization.CultureInfo.InvariantCulture) ?? ""), StringComparer.OrdinalIgnoreCase);
    }

    private static bool IsServerRuntime(string import) => import == Path.Combine(Root.Value.FullName, "eng", "ServerRuntime.props");

    /// <summary>The projects a project file imports, as full paths.</summary>
    private static IReadOnlyList<string> Imports(string project)
    {
        var path = Path.Combine(Root.Value.FullName, project);
        return [.. XDocument.Load(path).Descendants("Import")
            .Select(import => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, import.Attribute("Project")!.Value.Replace('\\', Path.DirectorySeparatorChar))))];
    }

    /// <summary>The WebApplication builder factories a source file calls.</summary>
    private static IReadOnlyList<string> HostBuilders(string source) =>
        [.. HostBuilderCall().Matches(File.ReadAllText(Path.Combine(Root.Value.FullName, source))).Select(match => match.Groups[1].Value)];

    [GeneratedRegex(@"WebApplication\.(Create\w*Builder)\(")]
    private static partial Regex HostBuilderCall();
}
