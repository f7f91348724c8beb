using System.Globalization;
using Layers.Bench.Bare;
using Npgsql;

// Without arguments: the bare PATCH endpoint (--urls honoured). With a verb, the benchmark's setup:
//   reset <org-slug>                              delete the org and all it owns
//   seed <org-slug> <count> <pgbench-dir>         insert the influencers, write the pgbench scripts;
//                                                 prints "orgId: ..." and the pgbench -f arguments
var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Layers")
    ?? throw new InvalidOperationException("Set the connection string ConnectionStrings__Layers.");

// The API's pool settings (DatabaseOptions defaults), so that both hold the same connections.
var pool = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 1, CommandTimeout = 2, MaxPoolSize = 50, NoResetOnClose = true };
await using var dataSource = NpgsqlDataSource.Create(pool.ConnectionString);

switch (args)
{
    case ["reset", var slug]:
        await BenchDatabase.ResetAsync(dataSource, slug).ConfigureAwait(false);
        return 0;
    case ["seed", var slug, var countText, var directory]:
        var count = int.Parse(countText, CultureInfo.InvariantCulture);
        var orgId = await BenchDatabase.SeedAsync(dataSource, slug, count).ConfigureAwait(false);
        Console.WriteLine($"orgId: {orgId}");
        foreach (var argument in BenchDatabase.WritePgbenchScripts(directory, orgId, count, DateTimeOffset.UtcNow))
        {
            Console.WriteLine($"pgbench: {argument}");
        }

        return 0;
    case [var verb, ..] when !verb.StartsWith('-'):
        await Console.Error.WriteLineAsync("usage: [--urls URL] | reset <org-slug> | seed <org-slug> <count> <pgbench-dir>").ConfigureAwait(false);
        return 2;
}

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.Services.AddSingleton(dataSource);
builder.Services.AddSingleton(await KeyStore.LoadAsync(dataSource).ConfigureAwait(false));
builder.Services.AddSingleton<PatchEndpoint>();

var app = builder.Build();
var endpoint = app.Services.GetRequiredService<PatchEndpoint>();
app.MapPatch("/v1/influencers/{influencerId}", (HttpContext context, string influencerId) => endpoint.HandleAsync(context, influencerId));
await app.RunAsync().ConfigureAwait(false);
return 0;
