using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using System.Transactions;
using Layers.Application.Common.Security;
using Layers.Application.Operations;
using Layers.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Layers.Cli;

/// <summary>
/// The operator verbs, parsed by System.CommandLine (which also writes <c>--help</c>). Exit codes:
/// 0 done, 1 the request could not be carried out (unknown org, database unavailable...), 2 bad
/// arguments. A failure is one line on standard error, never a stack trace. Each verb is
/// all-or-nothing (see <see cref="OperatorTransaction"/>).
/// </summary>
public static class OperatorCli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    private const string UsageText =
        "usage: migrate | orgs create <slug> | projects create --org <slug> --name <name> | "
        + "keys create --org <slug> --scopes <s1,s2> [--name <label>] | keys list --org <slug> | keys revoke <keyId> | "
        + "demo seed <state-file>";

    /// <summary>The top-level commands, read off the command tree (which is never run from here).</summary>
    private static readonly string[] Verbs =
        [.. Commands(() => throw new InvalidOperationException(), TextWriter.Null, TextWriter.Null).Subcommands.Select(command => command.Name)];

    /// <summary>
    /// Arguments are taken literally: no <c>@file</c> response files, so that a name or a path
    /// starting with @ is not read as one.
    /// </summary>
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    /// <summary>Whether <paramref name="args"/> start with a verb, which the API binary hands on here.</summary>
    public static bool IsCommand(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Count > 0 && Verbs.Contains(args[0], StringComparer.Ordinal);
    }

    /// <summary>Runs a verb against an existing host's services (the integration tests' host).</summary>
    public static Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        RunAsync(args, () => services, output, error, cancellationToken);

    /// <summary>
    /// Parses <paramref name="args"/>; help and bad arguments need no services, so
    /// <paramref name="services"/> is called only once a verb is about to run.
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
            await error.WriteLineAsync(UsageText).ConfigureAwait(false);
            return Usage;
        }

        return await parsed.InvokeAsync(
            new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false },
            cancellationToken).ConfigureAwait(false);
    }

    private static RootCommand Commands(Func<IServiceProvider> services, TextWriter output, TextWriter error)
    {
        Option<string> Org() => new("--org") { Description = "The org's slug.", Required = true };

        void Verb(Command command, Func<IServiceProvider, ParseResult, CancellationToken, Task<int>> run) =>
            command.SetAction((parsed, cancellationToken) => RunVerbAsync(services, error, (provider, token) => run(provider, parsed, token), cancellationToken));

        var migrate = new Command("migrate", "Apply the database migrations that have not been applied yet.");
        Verb(migrate, (provider, _, cancellationToken) => MigrateAsync(provider, output, error, cancellationToken));

        var slug = new Argument<string>("slug") { Description = "Lowercase letters, digits and hyphens." };
        var createOrg = new Command("create", "Create an org; prints its slug.") { slug };
        Verb(createOrg, (provider, parsed, cancellationToken) => CreateOrgAsync(provider, parsed.GetRequiredValue(slug), output, cancellationToken));

        var projectOrg = Org();
        var projectName = new Option<string>("--name") { Description = "The project's name.", Required = true };
        var createProject = new Command("create", "Create a project; prints its id.") { projectOrg, projectName };
        Verb(createProject, (provider, parsed, cancellationToken) =>
            CreateProjectAsync(provider, parsed.GetRequiredValue(projectOrg), parsed.GetRequiredValue(projectName), output, cancellationToken));

        var keyOrg = Org();
        var scopes = new Option<string>("--scopes") { Description = $"Comma-separated, among: {string.Join(", ", Scopes.All)}.", Required = true };
        var keyName = new Option<string>("--name") { Description = "A label for the key.", DefaultValueFactory = _ => "default" };
        var createKey = new Command("create", "Create an API key; prints its id, and its secret on the last line (shown only then).") { keyOrg, scopes, keyName };
        Verb(createKey, (provider, parsed, cancellationToken) => CreateKeyAsync(
            provider, parsed.GetRequiredValue(keyOrg), parsed.GetRequiredValue(scopes), parsed.GetRequiredValue(keyName), output, cancellationToken));

        var listOrg = Org();
        var listKeys = new Command("list", "List an org's keys, tab-separated; never their secrets.") { listOrg };
        Verb(listKeys, (provider, parsed, cancellationToken) => ListKeysAsync(provider, parsed.GetRequiredValue(listOrg), output, cancellationToken));

        var keyId = new Argument<string>("keyId") { Description = "The id printed by keys create." };
        var revokeKey = new Command("revoke", "Revoke a key; every API instance refuses it at once.") { keyId };
        Verb(revokeKey, (provider, parsed, cancellationToken) => RevokeKeyAsync(provider, parsed.GetRequiredValue(keyId), output, cancellationToken));

        var stateFile = new Argument<string>("state-file") { Description = "JSON file naming what an earlier seed created, reused when it still exists." };
        var seed = new Command("seed", "Seed the local demo: org demo, a project, an influencer and a key with every scope.") { stateFile };
        Verb(seed, (provider, parsed, cancellationToken) => DemoSeeder.SeedAsync(provider, parsed.GetRequiredValue(stateFile), output, cancellationToken));

        return new RootCommand("Layers operator CLI: migrations, orgs, projects, API keys and the local demo.")
        {
            migrate,
            new Command("orgs", "Create orgs.") { createOrg },
            new Command("projects", "Create projects.") { createProject },
            new Command("keys", "Create, list and revoke API keys.") { createKey, listKeys, revokeKey },
            new Command("demo", "Seed the local demo for ./build.sh run.") { seed },
        };
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
        catch (TransactionException exception)
        {
            return await FailAsync(error, $"The change was not committed: {(exception.InnerException ?? exception).Message}").ConfigureAwait(false);
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

    private static async Task<int> CreateOrgAsync(IServiceProvider provider, string slug, TextWriter output, CancellationToken cancellationToken)
    {
        var org = await provider.GetRequiredService<OperatorService>().CreateOrgAsync(slug, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(org.Slug.Value).ConfigureAwait(false);
        return Ok;
    }

    private static async Task<int> CreateProjectAsync(IServiceProvider provider, string org, string name, TextWriter output, CancellationToken cancellationToken)
    {
        var project = await provider.GetRequiredService<OperatorService>()
            .CreateProjectAsync(org, name, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(project.Id.ToString()).ConfigureAwait(false);
        return Ok;
    }

    private static async Task<int> CreateKeyAsync(IServiceProvider provider, string org, string scopes, string name, TextWriter output, CancellationToken cancellationToken)
    {
        await provider.GetRequiredService<OperatorService>().CreateKeyAsync(
            org,
            scopes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            name,
            async (key, _) =>
            {
                await output.WriteLineAsync($"keyId: {key.KeyId}").ConfigureAwait(false);
                await output.WriteLineAsync($"scopes: {string.Join(',', key.Scopes)}").ConfigureAwait(false);
                await output.WriteLineAsync("The secret key below is shown only this once:").ConfigureAwait(false);
                await output.WriteLineAsync(key.Token).ConfigureAwait(false);
                await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return Ok;
    }

    private static async Task<int> ListKeysAsync(IServiceProvider provider, string org, TextWriter output, CancellationToken cancellationToken)
    {
        var keys = await provider.GetRequiredService<OperatorService>().ListKeysAsync(org, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync("keyId\tname\tscopes\tcreatedAt\trevokedAt").ConfigureAwait(false);
        foreach (var key in keys)
        {
            // Stored values are escaped: whatever a row holds, it stays one line of five columns.
            await output.WriteLineAsync(string.Join(
                '\t',
                CliText.Escape(key.KeyId),
                CliText.Escape(key.Name),
                string.Join(',', key.Scopes.Select(scope => CliText.Escape(scope).Replace(",", @"\u002C", StringComparison.Ordinal))),
                key.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                key.RevokedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "-")).ConfigureAwait(false);
        }

        return Ok;
    }

    private static async Task<int> RevokeKeyAsync(IServiceProvider provider, string keyId, TextWriter output, CancellationToken cancellationToken)
    {
        await provider.GetRequiredService<OperatorService>().RevokeKeyAsync(keyId, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"Revoked {CliText.Escape(keyId)}.").ConfigureAwait(false);
        return Ok;
    }
}
