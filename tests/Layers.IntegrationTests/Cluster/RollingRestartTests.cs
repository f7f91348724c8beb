using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Layers.Application.Common.Security;
using Layers.IntegrationTests.Load;
using Layers.IntegrationTests.Support;
using Npgsql;

namespace Layers.IntegrationTests.Cluster;

/// <summary>
/// The cluster of <c>./build.sh cluster</c> (eng/cluster.sh: nginx, Redis and two API processes)
/// under load, while each instance in turn is sent SIGTERM, as an orchestrator stops it, and is
/// started again by the script. The instances stop as deployed, with the default drain delay
/// (5 s): the script moves a stopping instance's nginx slot within about half a second of its
/// /readyz turning 503, and nginx closes its idle connections to it within 1 s. Runs alone: its
/// load would slow the parallel tests, and theirs its restarts.
/// </summary>
[Collection(typeof(RunsAlone))]
public sealed partial class RollingRestartTests(LayersFixture fixture)
{
    private const int Clients = 32;
    private const int Instances = 2;

    // Load before the first stop and after each restart, so that every instance serves traffic
    // when it is stopped and the restarted one takes its share again.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    // A safety net: the run ends when the restarts are done, some 30 s on a busy 2-core machine.
    private static readonly TimeSpan MaxLoad = TimeSpan.FromSeconds(120);

    // The instance's shutdown timeout (30 s) bounds its exit; then it starts and warms up.
    private static readonly TimeSpan RestartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Through_nginx_a_rolling_restart_answers_every_request_without_5xx_loses_no_acknowledged_write_and_stopping_the_script_stops_everything()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var tenant = await Tenant.CreateAsync(fixture);
        var key = await tenant.CreateKeyAsync(Scopes.InfluencersRead, Scopes.InfluencersWrite);
        var influencerIds = new List<string>();
        for (var i = 0; i < LoadDriver.InfluencersFor(Clients); i++)
        {
            influencerIds.Add((await tenant.CreateInfluencerAsync()).Id.ToString());
        }

        await using var cluster = await ClusterScript.StartAsync(Instances, InstanceEnvironment(), cancellationToken);
        var processes = new List<int> { ProcessIdIn(Path.Combine(cluster.Directory, "redis.pid")), ProcessIdIn(Path.Combine(cluster.Directory, "nginx", "nginx.pid")) };
        using var http = LoadDriver.CreateHttpClient(cluster.BaseAddress, key, Clients);
        var driver = new LoadDriver(http, influencerIds, Clients);
        var exits = new List<string>();
        using var stop = new CancellationTokenSource();
        var load = driver.RunAsync(MaxLoad, stop.Token, cancellationToken);
        try
        {
            await Task.Delay(Settle, cancellationToken);
            for (var instance = 1; instance <= Instances; instance++)
            {
                var from = cluster.Messages.Count;
                processes.Add(cluster.InstanceProcessId(instance));
                Signals.Terminate(cluster.InstanceProcessId(instance));
                var takenOut = await cluster.WaitForMessageAsync(from, Is($"API instance {instance} not ready: its nginx slot now goes to instance"), RestartTimeout, cancellationToken);
                var exited = await cluster.WaitForMessageAsync(from, Is($"API instance {instance} exited"), RestartTimeout, cancellationToken);
                await cluster.WaitForMessageAsync(exited, Is($"API instance {instance} ready: its nginx slot is back on it"), RestartTimeout, cancellationToken);
                Assert.True(takenOut < exited, $"instance {instance} exited before nginx was sent elsewhere");
                exits.Add(cluster.Messages[exited]);
                await Task.Delay(Settle, cancellationToken);
            }
        }
        finally
        {
            await stop.CancelAsync();
        }

        var run = await load;
        var lost = await driver.FindLostUpdatesAsync(cancellationToken);
        var access = ReadLines(Path.Combine(cluster.Directory, "logs", "nginx-access.log"));
        var errors = ReadLines(Path.Combine(cluster.Directory, "logs", "nginx-error.log"));
        processes.AddRange(Enumerable.Range(1, Instances).Select(cluster.InstanceProcessId));
        var stopCode = await cluster.StopAsync(cancellationToken);
        var left = processes.Where(IsRunning).ToList();

        // The access log's upstream field lists every instance tried for a request, comma-separated.
        var retried = access.Count(line => RetriedUpstream().IsMatch(line));
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            rolling restart: {Clients} clients through nginx on {Instances} instances (eng/cluster.sh), each sent SIGTERM in turn and started again
            run:  {run}
            {string.Join(Environment.NewLine, cluster.Messages.Where(message => message.StartsWith("[cluster]", StringComparison.Ordinal)))}
            nginx: {access.Count} requests logged, {retried} sent to a second instance, {errors.Count} error log lines; lost updates at the end: {lost.Count}
            stop: exit code {stopCode}, processes left: {left.Count}
            """));
        foreach (var line in run.FailureSamples.Concat(lost).Concat(errors.Take(20)))
        {
            output?.WriteLine(line);
        }

        Assert.All(exits, exit => Assert.Contains("(code 0)", exit, StringComparison.Ordinal));
        Assert.True(run.ServerErrors == 0, "A request was answered 5xx.");
        Assert.True(run.Unexpected == 0, "A request was answered other than 200, or not at all.");
        Assert.True(run.Mismatches == 0, "A client read or was answered a value other than its last confirmed one.");
        Assert.Empty(lost);
        Assert.Equal(143, stopCode);
        Assert.Empty(left);

        Dictionary<string, string> InstanceEnvironment() => new()
        {
            ["ConnectionStrings__Layers"] = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { ApplicationName = "rolling-restart" }.ConnectionString,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",

            // All clients come through one proxy from one address: the per-address limit would
            // answer 429, and the test is about restarts, not limits.
            ["RateLimiting__Enabled"] = "false",

            // The test is about restarts, not the database deadline (3 s), which a machine loaded
            // by its neighbours can run out under 32 clients.
            ["Requests__DatabaseDeadline"] = "00:00:08",

            // A log line per request costs CPU the restarts need on a 2-core machine.
            ["Logging__LogLevel__Layers.Api.Middleware.RequestLoggingMiddleware"] = "Warning",
        };
    }

    private static Func<string, bool> Is(string message) => line => line.Contains(message, StringComparison.Ordinal);

    private static int ProcessIdIn(string file) => int.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture);

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static List<string> ReadLines(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    [GeneratedRegex(@"upstream [^ ]+, ")]
    private static partial Regex RetriedUpstream();
}
