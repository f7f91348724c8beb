using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Clients;

/// <summary>
/// Each committed client is what its generator makes of the document the API serves now: a change
/// to the document that is not regenerated into the clients fails here, with the way to regenerate.
/// </summary>
public sealed class ClientGenerationTests(LayersFixture fixture)
{
    private static readonly TimeSpan GeneratorTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task The_committed_csharp_client_is_what_kiota_generates_from_the_document()
    {
        var work = Directory.CreateTempSubdirectory("layers-kiota-");
        try
        {
            var document = await ClientSources.WriteClientDocumentAsync(fixture, work.FullName);
            var output = Path.Combine(work.FullName, "Generated");

            // The tool of the manifest (.config/dotnet-tools.json). Offline: it would otherwise ask
            // GitHub for a newer release, which a build machine may not reach.
            await ClientSources.RunAsync(
                "dotnet",
                [
                    "kiota", "generate", "--language", "CSharp", "--openapi", document, "--output", output,
                    "--class-name", "LayersApiClient", "--namespace-name", "Layers.Client", "--exclude-backward-compatible", "--clean-output",
                ],
                ClientSources.RepositoryRoot,
                GeneratorTimeout,
                new Dictionary<string, string> { ["KIOTA_OFFLINE_ENABLED"] = "true", ["KIOTA_TUTORIAL_ENABLED"] = "false" });

            // It records where the document was read, a temporary file here.
            File.Delete(Path.Combine(output, "kiota-lock.json"));
            ClientSources.AssertSameFiles(output, Path.Combine(ClientSources.DotNetFolder, "Generated"), "Kiota");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_committed_typescript_types_are_what_openapi_typescript_generates_from_the_document()
    {
        var work = Directory.CreateTempSubdirectory("layers-openapi-typescript-");
        try
        {
            var document = await ClientSources.WriteClientDocumentAsync(fixture, work.FullName);
            var output = Path.Combine(work.FullName, "generated");
            await ClientSources.InstallNodePackagesAsync();

            // The package's own script, which holds the generator's options.
            await ClientSources.RunAsync("npm", ["run", "generate", "--", document, "--output", Path.Combine(output, "schema.ts")], ClientSources.TypeScriptFolder, GeneratorTimeout);

            ClientSources.AssertSameFiles(output, Path.Combine(ClientSources.TypeScriptFolder, "src", "generated"), "openapi-typescript");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
