using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using Layers.Application.Common.Security;
using Layers.Application.Operations;
using Layers.Domain.Organizations;
using Layers.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Layers.Cli;

/// <summary>
/// The operator verbs, parsed by System.CommandLine (which also writes <c>--help</c>). Exit codes:
/// 0 done, 1 the request could not be carried out (unknown org, database unavailable...), 2 bad
/// arguments. A failure is one line on standard error, never a stack trace. Each verb is
/// all-or-nothing: one that writes more than once does so in its scope's transaction (IUnitOfWork).
/// </summary>
public static class OperatorCli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The root's own options (help, version), read off the command tree (which is never run from here).</summary>
    private static readonly string[] RootOptions =
        [.. Commands(() => throw new InvalidOperationException(), TextWriter.Null, TextWriter.Null).Options.SelectMany(option => option.Aliases.Append(option.Name))];

    /// <summary>
    /// Arguments are taken literally: no <c>@file</c> response files, so that a name or a path
    /// starting with @ is not read as one.
    /// </summary>
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    /// <summary>
    /// Whether <paramref name="args"/> are the CLI's rather than the server's: they start with the
    /// root's help or version option, or with a word that is not a configuration argument (the
    /// server's are <c>--key value</c>, <c>/key value</c> or <c>key=value</c>), such as a verb, a
    /// mistyped one or a directive like <c>[suggest]</c>.
    /// </summary>
    public static bool IsCommand(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Count > 0
            && (RootOptions.Contains(args[0], StringComparer.Ordinal)
                || (args[0].Length > 0 && args[0][0] is not ('-' or '/') && !args[0].Contains('=', StringComparison.Ordinal)));
    }

    /// <summary>Runs a verb against an existing host's services (the integration tests' host).</summary>
    public static Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        RunAsync(args, () => services, output, error, cancellationToken);

    /// <summary>
    /// Parses <paramref name="args"/> and checks every argument; help and bad arguments need no
    /// services, so <paramref name="services"/> (which reads the configuration) is called only
    /// once a verb is about to run.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, Func<IServiceProvider> services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var parsed = Commands(services, output, error).Parse(args, Parsing);
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            await WriteUsageErrorAsync(parsed, error).ConfigureAwait(false);
            return Usage;
        }

        return await parsed.InvokeAsync(
            new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// As <c>dotnet</c> and <c>gh</c> do: each problem on a line of its own (escaped, since it may
    /// quote what was typed), then the help of the command that was being parsed, all on standard
    /// error so that standard output stays the verbs' results.
    /// </summary>
    private static async Task WriteUsageErrorAsync(ParseResult parsed, TextWriter error)
    {
        foreach (var message in parsed.Errors.Select(problem => problem.Message).Distinct(StringComparer.Ordinal))
        {
            await error.WriteLineAsync($"error: {CliText.Escape(message)}").ConfigureAwait(false);
        }

        await error.WriteLineAsync().ConfigureAwait(false);

        // The command's own --help, written where the error goes.
        var path = new List<string>();
        for (var command = parsed.CommandResult; command.Parent is CommandResult parent; command = parent)
        {
            path.Insert(0, command.Command.Name);
        }

        await parsed.RootCommandResult.Command.Parse([.. path, "--help"], Parsing)
            .InvokeAsync(new InvocationConfiguration { Output = error, Error = error }).ConfigureAwait(false);
    }

    private static RootCommand Commands(Func<IServiceProvider> services, TextWriter output, TextWriter error)
    {
        Option<string> Org() => Checked(new Option<string>("--org") { Description = "The org's slug.", Required = true }, OrgSlugError);
        Option<bool> AsJson() => new("--json") { Description = "Print JSON instead of text." };

        void Verb(Command command, Func<IServiceProvider, ParseResult, CancellationToken, Task<int>> run) =>
            command.SetAction((parsed, cancellationToken) => RunVerbAsync(services, error, (provider, token) => run(provider, parsed, token), cancellationToken));

        var migrate = new Command("migrate", "Apply the database migrations that have not been applied yet.");
        Verb(migrate, (provider, _, cancellationToken) => MigrateAsync(provider, output, error, cancellationToken));

        var slug = Checked(new Argument<string>("slug") { Description = "Lowercase letters, digits and hyphens." }, OrgSlugError);
        var createOrgJson = AsJson();
        var createOrg = new Command("create", "Create an org; prints its slug.") { slug, createOrgJson };
        Verb(createOrg, (provider, parsed, cancellationToken) =>
            CreateOrgAsync(provider, parsed.GetRequiredValue(slug), parsed.GetValue(createOrgJson), output, cancellationToken));

        var listOrgsJson = AsJson();
        var listOrgs = new Command("list", "List the orgs, oldest first, tab-separated.") { listOrgsJson };
        Verb(listOrgs, (provider, parsed, cancellationToken) => ListOrgsAsync(provider, parsed.GetValue(listOrgsJson), output, cancellationToken));

        var projectOrg = Org();
        var projectName = Checked(new Option<string>("--name") { Description = "The project's name.", Required = true }, name => NameError("project", name));
        var createProjectJson = AsJson();
        var createProject = new Command("create", "Create a project; prints its id.") { projectOrg, projectName, createProjectJson };
        Verb(createProject, (provider, parsed, cancellationToken) => CreateProjectAsync(
            provider, parsed.GetRequiredValue(projectOrg), parsed.GetRequiredValue(projectName), parsed.GetValue(createProjectJson), output, cancellationToken));

        var listProjectsOrg = Org();
        var listProjectsJson = AsJson();
        var listProjects = new Command("list", "List an org's projects, oldest first, tab-separated.") { listProjectsOrg, listProjectsJson };
        Verb(listProjects, (provider, parsed, cancellationToken) =>
            ListProjectsAsync(provider, parsed.GetRequiredValue(listProjectsOrg), parsed.GetValue(listProjectsJson), output, cancellationToken));

        var keyOrg = Org();
        var scopes = Checked(
            new Option<string>("--scopes") { Description = $"Comma-separated, among: {string.Join(", ", Scopes.All)}.", Required = true },
            value => OperatorArguments.TryScopes(OperatorArguments.SplitScopes(value), out var problem) ? null : problem);
        scopes.CompletionSources.Add(_ => Scopes.All.Append(string.Join(',', Scopes.All)));
        var keyName = Checked(new Option<string>("--name") { Description = "A label for the key.", DefaultValueFactory = _ => "default" }, name => NameError("key", name));
        var createKeyJson = AsJson();
        var createKey = new Command("create", "Create an API key; prints its id, and its secret on the last line (shown only then).") { keyOrg, scopes, keyName, createKeyJson };
        Verb(createKey, (provider, parsed, cancellationToken) => CreateKeyAsync(
            provider, parsed.GetRequiredValue(keyOrg), parsed.GetRequiredValue(scopes), parsed.GetRequiredValue(keyName), parsed.GetValue(createKeyJson), output, cancellationToken));

        var listOrg = Org();
        var listKeysJson = AsJson();
        var listKeys = new Command("list", "List an org's keys, tab-separated; never their secrets.") { listOrg, listKeysJson };
        Verb(listKeys, (provider, parsed, cancellationToken) =>
            ListKeysAsync(provider, parsed.GetRequiredValue(listOrg), parsed.GetValue(listKeysJson), output, cancellationToken));

        var keyId = new Argument<string>("keyId") { Description = "The id printed by keys create." };
        var revokeKey = new Command("revoke", "Revoke a key; every API instance refuses it at once.") { keyId };
        Verb(revokeKey, (provider, parsed, cancellationToken) => RevokeKeyAsync(provider, parsed.GetRequiredValue(keyId), output, cancellationToken));

        var stateFile = new Argument<string>("state-file") { Description = "JSON file naming what an earlier seed created, reused when it still exists." };
        var seed = new Command("seed", "Seed the local demo: org demo, a project, an influencer and a key with every scope.") { stateFile };
        Verb(seed, (provider, parsed, cancellationToken) => DemoSeeder.SeedAsync(provider, parsed.GetRequiredValue(stateFile), output, cancellationToken));

        return new RootCommand(
            "Layers operator CLI: migrations, orgs, projects, API keys and the local demo. "
            + "Configuration comes from appsettings.json and the environment (ConnectionStrings__Layers). "
            + "Layers.Api runs these commands too; given none, it serves the API.")
        {
            migrate,
            new Command("orgs", "Create and list orgs.") { createOrg, listOrgs },
            new Command("projects", "Create and list an org's projects.") { createProject, listProjects },
            new Command("keys", "Create, list and revoke API keys.") { createKey, listKeys, revokeKey },
            new Command("demo", "Seed the local demo for ./build.sh run.") { seed },
        };
    }

    private static string? OrgSlugError(string? value) => OperatorArguments.TryOrgSlug(value, out _, out var problem) ? null : problem;

    private static string? NameError(string what, string? value) => OperatorArguments.TryName(what, value, out _, out var problem) ? null : problem;

    /// <summary>Checks the value while parsing, so that a bad one is a usage error before any configuration is read.</summary>
    private static Option<string> Checked(Option<string> option, Func<string?, string?> problem)
    {
        option.Validators.Add(result =>
        {
            if (problem(result.GetValueOrDefault<string>()) is { } message)
            {
                result.AddError(message);
            }
        });
        return option;
    }

    private static Argument<string> Checked(Argument<string> argument, Func<string?, string?> problem)
    {
        argument.Validators.Add(result =>
        {
            if (problem(result.GetValueOrDefault<string>()) is { } message)
            {
                result.AddError(message);
            }
        });
        return argument;
    }

    /// <summary>
    /// Statements have no driver timeout (see DatabaseOptions): a verb's database work is bounded by
    /// this deadline instead, so a frozen database ends a verb with one line rather than a hang.
    /// </summary>
    private static readonly TimeSpan VerbDeadline = TimeSpan.FromSeconds(30);

    private static async Task<int> RunVerbAsync(Func<IServiceProvider> services, TextWriter error, Func<IServiceProvider, CancellationToken, Task<int>> verb, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(VerbDeadline);
        try
        {
            await using var scope = services().CreateAsyncScope();
            return await verb(scope.ServiceProvider, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return await FailAsync(error, $"Database unavailable: no answer within {VerbDeadline.TotalSeconds:0} s.").ConfigureAwait(false);
        }
        catch (OperatorException exception)
        {
            return await FailAsync(error, exception.Message).ConfigureAwait(false);
        }
        catch (PostgresException exception)
        {
            return await FailAsync(error, $"The database refused the change: {exception.MessageText}").ConfigureAwait(false);
        }
        catch (NpgsqlException exception)
        {
            // Refused or unreachable: the connect timeout (Database section) bounds the wait.
            return await FailAsync(error, $"Database unavailable: {exception.Message}").ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            return await FailAsync(error, $"Cannot write the output: {exception.Message}").ConfigureAwait(false);
        }
    }

    /// <summary>A verb that cannot be carried out: one line on standard error, exit code 1.</summary>
    private static async Task<int> FailAsync(TextWriter error, string message)
    {
        await error.WriteLineAsync(CliText.Escape(message)).ConfigureAwait(false);
        return Failed;
    }

    private static async Task<int> MigrateAsync(IServiceProvider provider, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            await provider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException exception)
        {
            return await FailAsync(error, $"{exception.Message} {exception.InnerException?.Message}".TrimEnd()).ConfigureAwait(false);
        }

        await output.WriteLineAsync("Database is up to date.").ConfigureAwait(false);
        return Ok;
    }

    private static async Task<int> CreateOrgAsync(IServiceProvider provider, string slug, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        var org = await provider.GetRequiredService<OperatorService>().CreateOrgAsync(slug, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(json ? ToJson(OrgRecord.From(org)) : org.Slug.Value).ConfigureAwait(false);
        return Ok;
    }

    private static async Task<int> ListOrgsAsync(IServiceProvider provider, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        var orgs = await provider.GetRequiredService<OperatorService>().ListOrgsAsync(cancellationToken).ConfigureAwait(false);
        if (json)
        {
            await output.WriteLineAsync(ToJson(orgs.Select(OrgRecord.From))).ConfigureAwait(false);
            return Ok;
        }

        await output.WriteLineAsync("slug\tcreatedAt").ConfigureAwait(false);
        foreach (var org in orgs)
        {
            await output.WriteLineAsync($"{org.Slug.Value}\t{Timestamp(org.CreatedAt)}").ConfigureAwait(false);
        }

        return Ok;
    }

    private static async Task<int> CreateProjectAsync(IServiceProvider provider, string org, string name, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        var project = await provider.GetRequiredService<OperatorService>()
            .CreateProjectAsync(org, name, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(json ? ToJson(new ProjectRecord(project.Id.ToString(), project.Name.Value, project.CreatedAt)) : project.Id.ToString()).ConfigureAwait(false);
        return Ok;
    }

    private static async Task<int> ListProjectsAsync(IServiceProvider provider, string org, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        var projects = await provider.GetRequiredService<OperatorService>().ListProjectsAsync(org, cancellationToken).ConfigureAwait(false);
        if (json)
        {
            await output.WriteLineAsync(ToJson(projects.Select(project => new ProjectRecord(project.Id.ToString(), project.Name, project.CreatedAt)))).ConfigureAwait(false);
            return Ok;
        }

        await output.WriteLineAsync("projectId\tname\tcreatedAt").ConfigureAwait(false);
        foreach (var project in projects)
        {
            // The stored name is escaped: whatever it holds, it stays one line of three columns.
            await output.WriteLineAsync($"{project.Id}\t{CliText.Escape(project.Name)}\t{Timestamp(project.CreatedAt)}").ConfigureAwait(false);
        }

        return Ok;
    }

    private static async Task<int> CreateKeyAsync(IServiceProvider provider, string org, string scopes, string name, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        await provider.GetRequiredService<OperatorService>().CreateKeyAsync(
            org,
            OperatorArguments.SplitScopes(scopes),
            name,
            async (key, _) =>
            {
                if (json)
                {
                    await output.WriteLineAsync(ToJson(new CreatedKeyRecord(key.KeyId, key.Scopes, key.Token))).ConfigureAwait(false);
                }
                else
                {
                    await output.WriteLineAsync($"keyId: {key.KeyId}").ConfigureAwait(false);
                    await output.WriteLineAsync($"scopes: {string.Join(',', key.Scopes)}").ConfigureAwait(false);
                    await output.WriteLineAsync("The secret key below is shown only this once:").ConfigureAwait(false);
                    await output.WriteLineAsync(key.Token).ConfigureAwait(false);
                }

                await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return Ok;
    }

    private static async Task<int> ListKeysAsync(IServiceProvider provider, string org, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        var keys = await provider.GetRequiredService<OperatorService>().ListKeysAsync(org, cancellationToken).ConfigureAwait(false);
        if (json)
        {
            await output.WriteLineAsync(ToJson(keys.Select(key => new KeyRecord(key.KeyId, key.Name, key.Scopes, key.CreatedAt, key.RevokedAt)))).ConfigureAwait(false);
            return Ok;
        }

        await output.WriteLineAsync("keyId\tname\tscopes\tcreatedAt\trevokedAt").ConfigureAwait(false);
        foreach (var key in keys)
        {
            // Stored values are escaped: whatever a row holds, it stays one line of five columns.
            await output.WriteLineAsync(string.Join(
                '\t',
                CliText.Escape(key.KeyId),
                CliText.Escape(key.Name),
                string.Join(',', key.Scopes.Select(scope => CliText.Escape(scope).Replace(",", @"\u002C", StringComparison.Ordinal))),
                Timestamp(key.CreatedAt),
                key.RevokedAt is { } revokedAt ? Timestamp(revokedAt) : "-")).ConfigureAwait(false);
        }

        return Ok;
    }

    private static async Task<int> RevokeKeyAsync(IServiceProvider provider, string keyId, TextWriter output, CancellationToken cancellationToken)
    {
        await provider.GetRequiredService<OperatorService>().RevokeKeyAsync(keyId, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"Revoked {CliText.Escape(keyId)}.").ConfigureAwait(false);
        return Ok;
    }

    private static string Timestamp(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>JSON's own escaping keeps any stored value inside its string.</summary>
    private static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);

    private sealed record OrgRecord(string Slug, DateTimeOffset CreatedAt)
    {
        public static OrgRecord From(Org org) => new(org.Slug.Value, org.CreatedAt);
    }

    private sealed record ProjectRecord(string ProjectId, string Name, DateTimeOffset CreatedAt);

    private sealed record KeyRecord(string KeyId, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

    private sealed record CreatedKeyRecord(string KeyId, IReadOnlyList<string> Scopes, string Secret);
}
