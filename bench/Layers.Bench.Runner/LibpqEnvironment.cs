using Npgsql;

namespace Layers.Bench.Runner;

/// <summary>An Npgsql connection string as libpq's environment variables, for pgbench.</summary>
internal static class LibpqEnvironment
{
    public static Dictionary<string, string> From(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        Add("PGHOST", builder.Host);
        Add("PGUSER", builder.Username);
        Add("PGDATABASE", builder.Database);
        Add("PGPASSWORD", builder.Password);
        return environment;

        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                environment[name] = value;
            }
        }
    }
}
