using System.Globalization;
using Layers.Bench.Bare;

// Without arguments: the bare PATCH endpoint (--urls honoured). With a verb, the benchmark's setup:
//   reset <org-slug>                              delete the org and all it owns
//   pgbench-scripts <org-slug> <count> <pgbench-dir>
//                                                 write the pgbench scripts for the seeded influencers;
//                                                 prints pgbench's -D and -f arguments, then the workload
//                                                 (BenchWorkload.Spec) the runner hands to wrk
var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Layers")
    ?? throw new InvalidOperationException("Set the connection string ConnectionStrings__Layers.");
await using var dataSource = BareServer.CreateDataSource(connectionString);

switch (args)
{
    case ["reset", var slug]:
        await BenchDatabase.ResetAsync(dataSource, slug).ConfigureAwait(false);
        return 0;
    case ["pgbench-scripts", var slug, var countText, var directory]:
        var count = int.Parse(countText, CultureInfo.InvariantCulture);
        var orgId = await BenchDatabase.OrgIdAsync(dataSource, slug).ConfigureAwait(false);
        foreach (var argument in BenchDatabase.WritePgbenchScripts(directory, orgId, count, DateTimeOffset.UtcNow))
        {
            Console.WriteLine($"pgbench: {argument}");
        }

        Console.WriteLine($"workload: {BenchWorkload.Spec}");
        return 0;
    case [var verb, ..] when !verb.StartsWith('-'):
        await Console.Error.WriteLineAsync("usage: [--urls URL] | reset <org-slug> | pgbench-scripts <org-slug> <count> <pgbench-dir>").ConfigureAwait(false);
        return 2;
}

await using var app = await BareServer.CreateAsync(args, dataSource).ConfigureAwait(false);
await app.RunAsync().ConfigureAwait(false);
return 0;

// Internal, unlike the public Program the Web SDK would generate: the integration tests reference
// both this and the API, and their Program must be the API's.
internal partial class Program;
