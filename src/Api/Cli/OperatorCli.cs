using System.Globalization;
using System.Transactions;
using Layers.Application.Operations;
using Layers.Infrastructure.Persistence;
using Npgsql;

namespace Layers.Api.Cli;

/// <summary>
/// Operator verbs served by the same binary as the API, with the same configuration. Exit codes:
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

    private static readonly string[] Verbs = ["migrate", "orgs", "projects", "keys", "demo"];

    public static bool IsCommand(IReadOnlyList<string> args) =>
        args.Count > 0 && Verbs.Contains(args[0], StringComparer.Ordinal);

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        try
        {
            return args switch
            {
                ["migrate"] => await MigrateAsync(provider, output, error, cancellationToken).ConfigureAwait(false),
                ["orgs", "create", var slug] => await CreateOrgAsync(provider, slug, output, cancellationToken).ConfigureAwait(false),
                ["projects", "create", .. var rest] when Options.TryParse(rest, ["--org", "--name"], ["--org", "--name"], out var options) =>
                    await CreateProjectAsync(provider, options, output, cancellationToken).ConfigureAwait(false),
                ["keys", "create", .. var rest] when Options.TryParse(rest, ["--org", "--scopes", "--name"], ["--org", "--scopes"], out var options) =>
                    await CreateKeyAsync(provider, options, output, cancellationToken).ConfigureAwait(false),
                ["keys", "list", .. var rest] when Options.TryParse(rest, ["--org"], ["--org"], out var options) =>
                    await ListKeysAsync(provider, options["--org"], output, cancellationToken).ConfigureAwait(false),
                ["keys", "revoke", var keyId] => await RevokeKeyAsync(provider, keyId, output, cancellationToken).ConfigureAwait(false),
                ["demo", "seed", var stateFile] => await DemoSeeder.SeedAsync(provider, stateFile, output, cancellationToken).ConfigureAwait(false),
                _ => await UsageErrorAsync(error).ConfigureAwait(false),
            };
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
            // Refused, unreachable or frozen: the driver's timeouts (Database section) bound the wait.
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

    /// <summary>
    /// The verbs' one line for anything else that stops them (the connection string missing, a
    /// migration failing), so that an operator sees a message and exit code 1, not a stack trace.
    /// </summary>
    public static async Task<int> FailAsync(TextWriter error, string message)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(message);
        await error.WriteLineAsync(CliText.Escape(message)).ConfigureAwait(false);
        return Failed;
    }

    private static async Task<int> UsageErrorAsync(TextWriter error)
    {
        await error.WriteLineAsync(UsageText).ConfigureAwait(false);
        return Usage;
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

    private static async Task<int> CreateProjectAsync(IServiceProvider provider, IReadOnlyDictionary<string, string> options, TextWriter output, CancellationToken cancellationToken)
    {
        var project = await provider.GetRequiredService<OperatorService>()
            .CreateProjectAsync(options["--org"], options["--name"], cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(project.Id.ToString()).ConfigureAwait(false);
        return Ok;
    }

    private static async Task<int> CreateKeyAsync(IServiceProvider provider, IReadOnlyDictionary<string, string> options, TextWriter output, CancellationToken cancellationToken)
    {
        var scopes = options["--scopes"].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        await provider.GetRequiredService<OperatorService>().CreateKeyAsync(
            options["--org"],
            scopes,
            options.GetValueOrDefault("--name", "default"),
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

    /// <summary><c>--name value</c> pairs; every key allowed, the required ones present, none twice.</summary>
    private static class Options
    {
        public static bool TryParse(string[] args, string[] allowed, string[] required, out IReadOnlyDictionary<string, string> options)
        {
            var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
            options = parsed;
            if (args.Length % 2 != 0)
            {
                return false;
            }

            for (var i = 0; i < args.Length; i += 2)
            {
                if (!allowed.Contains(args[i], StringComparer.Ordinal) || !parsed.TryAdd(args[i], args[i + 1]))
                {
                    return false;
                }
            }

            return required.All(parsed.ContainsKey);
        }
    }
}
