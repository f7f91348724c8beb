using System.Globalization;
using System.Text.RegularExpressions;
using Layers.IntegrationTests.Load;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Clients;

/// <summary>
/// The TypeScript client's own tests (clients/typescript/test, node's test runner) against the
/// API in a process of its own on a loopback port, over the test database. They are one test
/// here, so that ./build.sh test counts and reports them with the rest; this test fails when any
/// of them fails, or when none ran.
/// </summary>
public sealed partial class TypeScriptClientTests(LayersFixture fixture)
{
    [Fact]
    public async Task The_typescript_clients_tests_pass_against_the_api()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var key = await tenant.CreateKeyAsync();
        await ClientSources.InstallNodePackagesAsync();
        await using var api = await ApiProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["ConnectionStrings__Layers"] = fixture.ConnectionString,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Database__MinPoolSize"] = "2",
                ["RateLimiting__Enabled"] = "false",
                ["Shutdown__DrainDelay"] = "00:00:00",
            },
            TestContext.Current.CancellationToken);

        var output = await ClientSources.RunAsync(
            "npm",
            ["test"],
            ClientSources.TypeScriptFolder,
            TimeSpan.FromMinutes(5),
            new Dictionary<string, string>
            {
                ["LAYERS_BASE_URL"] = api.BaseAddress.GetLeftPart(UriPartial.Authority),
                ["LAYERS_API_KEY"] = key,
                ["LAYERS_PROJECT_ID"] = tenant.Project.Id.ToString(),
            });

        // The TAP reporter's closing counts.
        int Count(string name) => int.Parse(Assert.Single(Counts().Matches(output), match => match.Groups[1].Value == name).Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.True(Count("tests") > 0 && Count("pass") == Count("tests") && Count("fail") == 0, output);
    }

    [GeneratedRegex(@"^# (tests|pass|fail) (\d+)$", RegexOptions.Multiline)]
    private static partial Regex Counts();
}
