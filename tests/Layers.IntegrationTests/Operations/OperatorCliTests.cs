using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Layers.Application.ApiKeys;
using Layers.Cli;
using Layers.Domain.Organizations;
using Layers.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Layers.IntegrationTests.Operations;

/// <summary>
/// The operator verbs against the real database: in-process through the host's services, and
/// through the built binary for what only the process shows (exit codes, stdout/stderr split).
/// </summary>
public sealed class OperatorCliTests(LayersFixture fixture)
{
    private static string NewSlug() => $"cli-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task Orgs_create_prints_the_slug_and_refuses_a_duplicate()
    {
        var slug = NewSlug();

        var created = await RunAsync("orgs", "create", slug);
        var duplicate = await RunAsync("orgs", "create", slug);

        Assert.Equal((OperatorCli.Ok, slug), (created.ExitCode, created.LastLine));
        Assert.Equal(OperatorCli.Failed, duplicate.ExitCode);
        Assert.Equal($"Org '{slug}' already exists.", duplicate.Error.Trim());
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("under_score")]
    [InlineData("spaces here")]
    public async Task Orgs_create_rejects_a_slug_that_is_not_lowercase_letters_digits_and_hyphens(string slug)
    {
        var result = await RunAsync("orgs", "create", slug);

        Assert.Equal(OperatorCli.Usage, result.ExitCode);
        Assert.StartsWith($"error: Invalid org slug '{slug}'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Projects_create_prints_the_new_project_id_alone_on_its_last_line()
    {
        var slug = NewSlug();
        await RunAsync("orgs", "create", slug);

        var result = await RunAsync("projects", "create", "--org", slug, "--name", "Spring launch");

        Assert.Equal(OperatorCli.Ok, result.ExitCode);
        Assert.Matches("^prj_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", result.LastLine);
    }

    [Fact]
    public async Task Keys_create_prints_the_key_id_first_and_a_working_secret_last()
    {
        var slug = NewSlug();
        await RunAsync("orgs", "create", slug);

        var result = await RunAsync("keys", "create", "--org", slug, "--scopes", "influencers:read", "--name", "reader");

        Assert.Equal(OperatorCli.Ok, result.ExitCode);
        var keyId = result.Lines[0]["keyId: ".Length..];
        Assert.StartsWith("keyId: ", result.Lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"lyr_{keyId}_", result.LastLine, StringComparison.Ordinal);
        using var client = fixture.CreateClient(result.LastLine);
        using var response = await client.GetAsync(new Uri($"/v1/influencers/inf_{Guid.NewGuid()}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Keys_list_shows_ids_names_scopes_and_times_but_never_secrets()
    {
        var slug = NewSlug();
        await RunAsync("orgs", "create", slug);
        var created = await RunAsync("keys", "create", "--org", slug, "--scopes", "influencers:read,influencers:write", "--name", "ci");
        var keyId = created.Lines[0]["keyId: ".Length..];

        var result = await RunAsync("keys", "list", "--org", slug);

        Assert.Equal(OperatorCli.Ok, result.ExitCode);
        Assert.Equal("keyId\tname\tscopes\tcreatedAt\trevokedAt", result.Lines[0]);
        var columns = result.Lines[1].Split('\t');
        Assert.Equal([keyId, "ci", "influencers:read,influencers:write"], columns[..3]);
        Assert.Equal("-", columns[4]);
        Assert.DoesNotContain(created.LastLine["lyr_".Length..].Split('_')[1], result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_revoke_makes_the_key_answer_401_on_the_api_as_soon_as_the_revocation_is_heard()
    {
        var slug = NewSlug();
        await RunAsync("orgs", "create", slug);
        var created = await RunAsync("keys", "create", "--org", slug, "--scopes", "influencers:read");
        var keyId = created.Lines[0]["keyId: ".Length..];
        using var client = fixture.CreateClient(created.LastLine);
        var path = new Uri($"/v1/influencers/inf_{Guid.NewGuid()}", UriKind.Relative);
        using var before = await client.GetAsync(path, TestContext.Current.CancellationToken);

        var revoked = await RunAsync("keys", "revoke", keyId);

        // The CLI is another process than the API: the API hears of the revocation by NOTIFY, within
        // milliseconds; 10 s is a margin for a busy machine, not an expectation.
        var after = HttpStatusCode.NotFound;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (after != HttpStatusCode.Unauthorized && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            after = response.StatusCode;
        }

        var again = await RunAsync("keys", "revoke", keyId);

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal(OperatorCli.Ok, revoked.ExitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after);
        Assert.Equal(OperatorCli.Failed, again.ExitCode);
        var listed = await RunAsync("keys", "list", "--org", slug);
        Assert.NotEqual("-", listed.Lines[1].Split('\t')[4]);
    }

    [Fact]
    public async Task Verbs_naming_an_unknown_org_exit_1_with_a_clear_message()
    {
        var projects = await RunAsync("projects", "create", "--org", "no-such-org", "--name", "x");
        var keys = await RunAsync("keys", "create", "--org", "no-such-org", "--scopes", "influencers:read");
        var list = await RunAsync("keys", "list", "--org", "no-such-org");

        Assert.All([projects, keys, list], result =>
        {
            Assert.Equal(OperatorCli.Failed, result.ExitCode);
            Assert.Equal("Unknown org 'no-such-org'.", result.Error.Trim());
        });
    }

    [Theory]
    [InlineData("orgs", "Required command was not provided.", "orgs")]
    [InlineData("orgs create", "Required argument 'slug' missing for command: 'create'.", "orgs create")]
    [InlineData("orgs delete x", "Unrecognized command or argument 'delete'.", "orgs")]
    [InlineData("projects create --org x", "Option '--name' is required.", "projects create")]
    [InlineData("projects list", "Option '--org' is required.", "projects list")]
    [InlineData("keys create --org x", "Option '--scopes' is required.", "keys create")]
    [InlineData("keys create --org x --scopes influencers:read --bogus y", "Unrecognized command or argument '--bogus'.", "keys create")]
    [InlineData("keys list", "Option '--org' is required.", "keys list")]
    [InlineData("keys list --org Acme", "Invalid org slug 'Acme': use lowercase letters, digits and hyphens (at most 63).", "keys list")]
    [InlineData("keys revoke", "Required argument 'keyId' missing for command: 'revoke'.", "keys revoke")]
    [InlineData("migrate now", "Unrecognized command or argument 'now'.", "migrate")]
    public async Task Bad_arguments_exit_2_naming_the_problem_over_that_commands_help(string commandLine, string problem, string command)
    {
        var result = await RunAsync(commandLine.Split(' '));

        Assert.Equal(OperatorCli.Usage, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Contains($"error: {problem}", result.ErrorLines.TakeWhile(line => line.Length > 0));
        Assert.Contains("Usage:", result.ErrorLines);
        Assert.Matches($@"(?m)^  \S+ {Regex.Escape(command)} ", result.Error);
    }

    [Fact]
    public async Task Arguments_are_checked_before_the_configuration_is_read()
    {
        var result = await Cli.RunBinaryAsync(Cli.CliBinary, null, "orgs", "create", "Bad_Slug");

        Assert.Equal(OperatorCli.Usage, result.ExitCode);
        Assert.Equal("error: Invalid org slug 'Bad_Slug': use lowercase letters, digits and hyphens (at most 63).", result.ErrorLines[0]);
        Assert.Contains("  Layers.Cli orgs create <slug> [options]", result.ErrorLines);
    }

    [Fact]
    public async Task Keys_create_with_an_unknown_scope_exits_2()
    {
        var slug = NewSlug();
        await RunAsync("orgs", "create", slug);

        var result = await RunAsync("keys", "create", "--org", slug, "--scopes", "influencers:admin");

        Assert.Equal(OperatorCli.Usage, result.ExitCode);
        Assert.Equal("error: Scopes must be one or more of: influencers:read, influencers:write.", result.ErrorLines[0]);
    }

    public static TheoryData<string, string> NamesBreakingTheDisplayNameRule { get; } = new()
    {
        { "ci\tforged-key-id", "Name must not contain control characters." },
        { "ci\nlyr_forged", "Name must not contain control characters." },
        { new string('a', 100_000), "Name must be at most 128 characters." },
        { " \u00A0 ", "Name must not be blank." },
        { "\u200B\u2060\uFEFF", "Name must not be blank." },
    };

    [Theory]
    [MemberData(nameof(NamesBreakingTheDisplayNameRule))]
    public async Task Keys_create_refuses_a_name_that_is_not_a_display_name_and_stores_no_key(string name, string reason)
    {
        var slug = NewSlug();
        await RunAsync("orgs", "create", slug);

        var result = await RunAsync("keys", "create", "--org", slug, "--scopes", "influencers:read", "--name", name);

        Assert.Equal(OperatorCli.Usage, result.ExitCode);
        Assert.Equal($"error: Invalid key name: {reason}", result.ErrorLines[0]);
        Assert.Empty(result.Output);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM api_keys k JOIN orgs o ON o.id = k.org_id WHERE o.slug = @Slug", slug));
    }

    [Theory]
    [MemberData(nameof(NamesBreakingTheDisplayNameRule))]
    public async Task Projects_create_refuses_a_name_that_is_not_a_display_name_and_stores_no_project(string name, string reason)
    {
        var slug = NewSlug();
        await RunAsync("orgs", "create", slug);

        var result = await RunAsync("projects", "create", "--org", slug, "--name", name);

        Assert.Equal(OperatorCli.Usage, result.ExitCode);
        Assert.Equal($"error: Invalid project name: {reason}", result.ErrorLines[0]);
        Assert.Empty(result.Output);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM projects p JOIN orgs o ON o.id = p.org_id WHERE o.slug = @Slug", slug));
    }

    [Fact]
    public async Task Keys_list_escapes_stored_values_so_that_none_can_add_a_row_or_a_column()
    {
        // Written past the CLI's rule, as a row stored before it (or by hand) could be.
        var slug = NewSlug();
        await RunAsync("orgs", "create", slug);
        var org = await fixture.Services.GetRequiredService<Application.Organizations.IOrgRepository>()
            .FindBySlugAsync(OrgSlug.Create(slug), TestContext.Current.CancellationToken);
        var (_, keyId, hash) = ApiKeyToken.Generate();
        var name = "ci\tabcdefghijklmnop\tinfluencers:write\n\u001b[2Kfake\\t";
        await fixture.Services.GetRequiredService<IApiKeyRepository>().AddAsync(
            new StoredApiKey(keyId, org!.Id, name, ["influencers:read", "x,influencers:write\n"], hash, DateTimeOffset.UtcNow, null),
            TestContext.Current.CancellationToken);

        var result = await RunAsync("keys", "list", "--org", slug);

        Assert.Equal(OperatorCli.Ok, result.ExitCode);
        Assert.Equal(2, result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var columns = result.Lines[1].Split('\t');
        Assert.Equal(5, columns.Length);
        Assert.Equal(@"ci\tabcdefghijklmnop\tinfluencers:write\n\u001B[2Kfake\\t", columns[1]);
        Assert.Equal(@"influencers:read,x\u002Cinfluencers:write\n", columns[2]);
    }

    [Fact]
    public async Task Migrate_is_idempotent()
    {
        var result = await RunAsync("migrate");

        Assert.Equal((OperatorCli.Ok, "Database is up to date."), (result.ExitCode, result.LastLine));
    }

    [Fact]
    public async Task The_built_binary_runs_verbs_with_exit_codes_and_results_on_stdout()
    {
        var slug = NewSlug();

        var created = await RunBinaryAsync("orgs", "create", slug);
        var duplicate = await RunBinaryAsync("orgs", "create", slug);
        var usage = await RunBinaryAsync("keys", "create");
        var key = await RunBinaryAsync("keys", "create", "--org", slug, "--scopes", "influencers:write");

        Assert.Equal((0, slug), (created.ExitCode, created.LastLine));
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains($"Org '{slug}' already exists.", duplicate.Error, StringComparison.Ordinal);
        Assert.Equal(2, usage.ExitCode);
        Assert.Equal(0, key.ExitCode);
        Assert.StartsWith("keyId: ", key.Lines[0], StringComparison.Ordinal);
        Assert.Matches("^lyr_[a-z2-7]{16}_[a-z2-7]{32}$", key.LastLine);
    }

    [Fact]
    public async Task The_cli_executable_runs_the_verbs_itself_with_the_same_exit_codes_and_results()
    {
        var slug = NewSlug();

        var created = await Cli.RunBinaryAsync(Cli.CliBinary, fixture.ConnectionString, "orgs", "create", slug);
        var duplicate = await Cli.RunBinaryAsync(Cli.CliBinary, fixture.ConnectionString, "orgs", "create", slug);
        var usage = await Cli.RunBinaryAsync(Cli.CliBinary, fixture.ConnectionString, "keys", "create");
        var key = await Cli.RunBinaryAsync(Cli.CliBinary, fixture.ConnectionString, "keys", "create", "--org", slug, "--scopes", "influencers:write");
        var listed = await Cli.RunBinaryAsync(Cli.CliBinary, fixture.ConnectionString, "keys", "list", "--org", slug);

        Assert.Equal((0, slug), (created.ExitCode, created.LastLine));
        Assert.Equal((1, $"Org '{slug}' already exists."), (duplicate.ExitCode, duplicate.Error.Trim()));
        Assert.Equal(2, usage.ExitCode);
        Assert.StartsWith("error: Option '--org' is required.", usage.Error, StringComparison.Ordinal);
        Assert.Equal(0, key.ExitCode);
        Assert.Matches("^lyr_[a-z2-7]{16}_[a-z2-7]{32}$", key.LastLine);
        Assert.Equal(0, listed.ExitCode);
        Assert.StartsWith($"{key.Lines[0]["keyId: ".Length..]}\tdefault\tinfluencers:write\t", listed.Lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_exits_0_and_lists_every_verb_without_needing_a_database()
    {
        var result = await Cli.RunBinaryAsync(Cli.CliBinary, null, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        var commands = result.Lines.SkipWhile(line => line != "Commands:").Skip(1).Select(line => line.Split(' ')[0]);
        Assert.Equal(["migrate", "orgs", "projects", "keys", "demo"], commands);
    }

    [Theory]
    [InlineData("orgs", "create")]
    [InlineData("projects", "create")]
    [InlineData("keys", "create")]
    [InlineData("orgs", "list")]
    [InlineData("projects", "list")]
    [InlineData("keys", "list")]
    [InlineData("keys", "revoke")]
    [InlineData("demo", "seed")]
    public async Task Help_on_a_verb_describes_its_arguments_and_exits_0(string noun, string verb)
    {
        var result = await RunAsync(noun, verb, "--help");

        Assert.Equal(OperatorCli.Ok, result.ExitCode);
        Assert.Contains($" {noun} {verb} ", result.Output, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task The_api_binary_prints_the_usage_for_help_and_exits_0_without_any_configuration()
    {
        var result = await Cli.RunBinaryAsync(Cli.ApiBinary, null, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        Assert.Contains("  Layers.Api [command] [options]", result.Lines.Select(line => $"  {line}"));
    }

    [Fact]
    public async Task Orgs_list_shows_each_org_with_its_creation_time()
    {
        var slug = NewSlug();
        await RunAsync("orgs", "create", slug);

        var result = await RunAsync("orgs", "list");

        Assert.Equal(OperatorCli.Ok, result.ExitCode);
        Assert.Equal("slug\tcreatedAt", result.Lines[0]);
        var row = Assert.Single(result.Lines, line => line.StartsWith($"{slug}\t", StringComparison.Ordinal)).Split('\t');
        Assert.True(DateTimeOffset.TryParse(row[1], CultureInfo.InvariantCulture, out _), row[1]);
    }

    [Fact]
    public async Task Projects_list_finds_again_the_ids_projects_create_printed_oldest_first()
    {
        var slug = NewSlug();
        var other = NewSlug();
        await RunAsync("orgs", "create", slug);
        await RunAsync("orgs", "create", other);
        var first = await RunAsync("projects", "create", "--org", slug, "--name", "Spring launch");
        var second = await RunAsync("projects", "create", "--org", slug, "--name", "Autumn");
        await RunAsync("projects", "create", "--org", other, "--name", "Not theirs");

        var result = await RunAsync("projects", "list", "--org", slug);

        Assert.Equal(OperatorCli.Ok, result.ExitCode);
        Assert.Equal("projectId\tname\tcreatedAt", result.Lines[0]);
        Assert.Equal(
            ["projectId\tname", $"{first.LastLine}\tSpring launch", $"{second.LastLine}\tAutumn"],
            result.Lines.Select(line => string.Join('\t', line.Split('\t').Take(2))));
    }

    [Fact]
    public async Task Json_prints_each_verbs_records_as_json()
    {
        var slug = NewSlug();

        var org = Json(await RunAsync("orgs", "create", slug, "--json"));
        var project = Json(await RunAsync("projects", "create", "--org", slug, "--name", "Spring\u2028launch", "--json"));
        var key = Json(await RunAsync("keys", "create", "--org", slug, "--scopes", "influencers:read", "--name", "ci", "--json"));
        var orgs = Json(await RunAsync("orgs", "list", "--json"));
        var projects = Json(await RunAsync("projects", "list", "--org", slug, "--json"));
        var keys = Json(await RunAsync("keys", "list", "--org", slug, "--json"));

        Assert.Equal(["slug", "createdAt"], Names(org));
        Assert.Equal(slug, org.GetProperty("slug").GetString());
        Assert.Equal(["projectId", "name", "createdAt"], Names(project));
        Assert.Equal("Spring\u2028launch", project.GetProperty("name").GetString());
        Assert.Equal(["keyId", "scopes", "secret"], Names(key));
        Assert.StartsWith($"lyr_{key.GetProperty("keyId").GetString()}_", key.GetProperty("secret").GetString(), StringComparison.Ordinal);
        Assert.Contains(orgs.EnumerateArray(), listed => listed.GetProperty("slug").GetString() == slug);
        var listedProject = Assert.Single(projects.EnumerateArray());
        Assert.Equal(Names(project), Names(listedProject));
        Assert.Equal(
            (project.GetProperty("projectId").GetString(), "Spring\u2028launch"),
            (listedProject.GetProperty("projectId").GetString(), listedProject.GetProperty("name").GetString()));
        var listedKey = Assert.Single(keys.EnumerateArray());
        Assert.Equal(["keyId", "name", "scopes", "createdAt", "revokedAt"], Names(listedKey));
        Assert.Equal((key.GetProperty("keyId").GetString(), "ci", JsonValueKind.Null), (listedKey.GetProperty("keyId").GetString(), listedKey.GetProperty("name").GetString(), listedKey.GetProperty("revokedAt").ValueKind));

        static JsonElement Json(CliResult result)
        {
            Assert.Equal((OperatorCli.Ok, string.Empty), (result.ExitCode, result.Error));
            return JsonDocument.Parse(result.Output).RootElement.Clone();
        }

        static string[] Names(JsonElement record) => [.. record.EnumerateObject().Select(property => property.Name)];
    }

    [Fact]
    public async Task The_suggest_directive_completes_verbs_and_scopes_for_shell_completion()
    {
        var verbs = await RunAsync("[suggest:6]", "keys l");
        var scopes = await RunAsync("[suggest:23]", "keys create --scopes in");

        Assert.Equal(["list"], verbs.Lines.Where(line => !line.StartsWith('-')));
        Assert.Equal(["influencers:read", "influencers:read,influencers:write", "influencers:write"], scopes.Lines);
    }

    private Task<CliResult> RunAsync(params string[] args) => Cli.RunAsync(fixture.UseCases, args);

    private async Task<long> CountAsync(string sql, string slug)
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>(sql, new { Slug = slug });
    }

    private Task<CliResult> RunBinaryAsync(params string[] args) => Cli.RunBinaryAsync(Cli.ApiBinary, fixture.ConnectionString, args);
}
