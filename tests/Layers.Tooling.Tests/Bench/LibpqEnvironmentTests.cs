using Layers.Bench.Runner;

namespace Layers.Tooling.Tests.Bench;

public sealed class LibpqEnvironmentTests
{
    [Fact]
    public void The_local_cluster_string_becomes_host_port_user_and_database()
    {
        var environment = LibpqEnvironment.From("Host=127.0.0.1;Port=5433;Username=layers;Database=layers");

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["PGHOST"] = "127.0.0.1",
                ["PGPORT"] = "5433",
                ["PGUSER"] = "layers",
                ["PGDATABASE"] = "layers",
            },
            environment);
    }

    [Fact]
    public void Synonyms_quoted_values_and_a_password_are_understood_and_the_port_defaults_to_5432()
    {
        var environment = LibpqEnvironment.From("Server=db.internal; User ID=bench; Password='p;w=d'; Database=layers; Pooling=false");

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["PGHOST"] = "db.internal",
                ["PGPORT"] = "5432",
                ["PGUSER"] = "bench",
                ["PGDATABASE"] = "layers",
                ["PGPASSWORD"] = "p;w=d",
            },
            environment);
    }
}
