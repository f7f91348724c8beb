using System.Net;
using System.Text;
using Dapper;
using Layers.Cli;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Operations;

/// <summary>
/// Verbs that write and then do I/O leave nothing behind when the I/O fails: above all, no active
/// key whose secret nobody saw. The demo seed's tests are the only ones to touch org "demo".
/// </summary>
public sealed class OperatorCliAtomicityTests(LayersFixture fixture) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("layers-cli-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Keys_create_stores_no_key_when_its_secret_cannot_be_written_out()
    {
        var slug = $"cli-{Guid.NewGuid():N}"[..20];
        await Cli.RunAsync(fixture.UseCases, "orgs", "create", slug);

        var result = await Cli.RunAsync(fixture.UseCases, new BrokenWriter(), "keys", "create", "--org", slug, "--scopes", "influencers:read");

        Assert.Equal(OperatorCli.Failed, result.ExitCode);
        Assert.Equal(["Cannot write the output: The pipe is closed."], result.ErrorLines);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM api_keys k JOIN orgs o ON o.id = k.org_id WHERE o.slug = @Slug", slug));
    }

    [Fact]
    public async Task Demo_seed_to_an_unwritable_state_file_exits_1_and_creates_nothing()
    {
        // A path under a regular file cannot be written, whoever runs the test (root included).
        var blocker = Path.Combine(directory, "not-a-directory");
        await File.WriteAllTextAsync(blocker, string.Empty, TestContext.Current.CancellationToken);
        var before = await DemoRowsAsync();

        var result = await Cli.RunAsync(fixture.UseCases, "demo", "seed", Path.Combine(blocker, "demo.json"));

        Assert.Equal(OperatorCli.Failed, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.StartsWith("Cannot write the state file ", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        Assert.Equal(before, await DemoRowsAsync());
    }

    [Fact]
    public async Task Demo_seed_commits_a_working_key_and_reuses_it_when_run_again()
    {
        var stateFile = Path.Combine(directory, "state", "demo.json");

        var first = await Cli.RunAsync(fixture.UseCases, "demo", "seed", stateFile);
        var second = await Cli.RunAsync(fixture.UseCases, "demo", "seed", stateFile);

        Assert.Equal(OperatorCli.Ok, first.ExitCode);
        Assert.Equal(first.Output, second.Output);
        var seeded = first.Lines.Select(line => line.Split(": ", 2)).ToDictionary(pair => pair[0], pair => pair[1]);
        using var client = fixture.CreateClient(seeded["apiKey"]);
        using var response = await client.GetAsync(HttpExtensions.InfluencerUri(seeded["influencerId"]), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Org "demo" (0 or 1), its projects, its active keys and its influencers.</summary>
    private async Task<(long Orgs, long Projects, long ActiveKeys, long Influencers)> DemoRowsAsync() => (
        await CountAsync("SELECT count(*) FROM orgs WHERE slug = @Slug", DemoSeeder.OrgSlugValue),
        await CountAsync("SELECT count(*) FROM projects p JOIN orgs o ON o.id = p.org_id WHERE o.slug = @Slug", DemoSeeder.OrgSlugValue),
        await CountAsync("SELECT count(*) FROM api_keys k JOIN orgs o ON o.id = k.org_id WHERE o.slug = @Slug AND k.revoked_at IS NULL", DemoSeeder.OrgSlugValue),
        await CountAsync("SELECT count(*) FROM influencers i JOIN orgs o ON o.id = i.org_id WHERE o.slug = @Slug", DemoSeeder.OrgSlugValue));

    private async Task<long> CountAsync(string sql, string slug)
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>(sql, new { Slug = slug });
    }

    /// <summary>Standard output whose reader has gone away.</summary>
    private sealed class BrokenWriter : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => throw new IOException("The pipe is closed.");
    }
}
