using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Layers.IntegrationTests.Load;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Deployment;

/// <summary>
/// The API's OCI image as eng/api-image.sh builds it with the SDK's container support: this
/// machine reaches no registry, so the base is built from its own .NET runtime and served from a
/// registry on loopback (--local-base). The image runs in podman against the suite's PostgreSQL,
/// answers a PATCH and stops on SIGTERM with exit code 0.
/// </summary>
public sealed class ApiImageTests(LayersFixture fixture)
{
    // Generous: on a fresh machine the script installs docker-registry with apt and publishes the API.
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    // A margin for a busy 2-core machine, not an expectation: the measured start is reported.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_published_image_runs_against_postgresql_answers_a_patch_and_stops_on_sigterm()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && Environment.UserName == "root", "--local-base builds its base image as root on Linux.");
        var cancellationToken = TestContext.Current.CancellationToken;
        var tag = $"test-{Guid.NewGuid():N}"[..17];
        var built = await RunAsync(
            "bash",
            [Path.Combine(RepositoryRoot(), "eng", "api-image.sh"), "--local-base", "--tag", tag],
            new Dictionary<string, string> { ["LAYERS_REGISTRY_PORT"] = ApiProcess.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture) },
            BuildTimeout);
        Assert.True(built.ExitCode == 0, built.Error);
        var image = built.Output.Trim();
        Assert.Equal($"localhost/layers-api:{tag}", image);
        string? container = null;
        try
        {
            var tenant = await Tenant.CreateAsync(fixture);
            var influencer = await tenant.CreateInfluencerAsync();
            var key = await tenant.CreateKeyAsync();
            var port = ApiProcess.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture);
            var started = Stopwatch.StartNew();
            var run = await RunAsync(
                "podman",
                ["run", "-d", "--network", "host", "-e", $"ConnectionStrings__Layers={fixture.ConnectionString}", "-e", $"ASPNETCORE_HTTP_PORTS={port}", image],
                new Dictionary<string, string>(),
                StartTimeout);
            Assert.True(run.ExitCode == 0, run.Error);
            container = run.Output.Trim();
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilReadyAsync(client, cancellationToken);
            var startTime = started.Elapsed;

            using var patch = new HttpRequestMessage(HttpMethod.Patch, new Uri($"/v1/influencers/{influencer.Id}", UriKind.Relative))
            {
                Content = new StringContent("""{ "brandVoice": "casual", "language": "es-MX" }""", Encoding.UTF8, "application/json"),
            };
            patch.Headers.Authorization = new("Bearer", key);
            using var response = await client.SendAsync(patch, cancellationToken);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var stopped = await RunAsync("podman", ["stop", "--time", StopTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture), container], new Dictionary<string, string>(), StopTimeout * 2);
            var exitCode = await RunAsync("podman", ["inspect", "--format", "{{.State.ExitCode}}", container], new Dictionary<string, string>(), StopTimeout);
            var size = await RunAsync("podman", ["image", "inspect", "--format", "{{.Size}}", image], new Dictionary<string, string>(), StopTimeout);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(("casual", "es-MX"), (body.GetProperty("brandVoice").GetString(), body.GetProperty("language").GetString()));
            var row = await InfluencerRow.ReadAsync(fixture.DataSource, influencer.Id.Value);
            Assert.Equal(("casual", "es-MX"), (row?.BrandVoice, row?.Language));
            Assert.Equal((0, "0"), (stopped.ExitCode, exitCode.Output.Trim()));
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"image {image}: {long.Parse(size.Output, CultureInfo.InvariantCulture) / 1_000_000} MB; from podman run to /readyz 200 in {startTime.TotalSeconds:0.0} s");
        }
        finally
        {
            if (container is not null)
            {
                await RunAsync("podman", ["rm", "-f", container], new Dictionary<string, string>(), StopTimeout);
            }

            await RunAsync("podman", ["rmi", image], new Dictionary<string, string>(), StopTimeout);
        }
    }

    private static async Task WaitUntilReadyAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative), cancellationToken);
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (waited.Elapsed < StartTimeout)
            {
                // Not listening yet.
            }

            Assert.True(waited.Elapsed < StartTimeout, $"The container was not ready within {StartTimeout.TotalSeconds:0} s.");
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>The clone the tests were built from, where the image's sources are.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Layers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests do not run from within a clone (no Layers.sln above them).");
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, string[] args, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output, await error);
    }
}
