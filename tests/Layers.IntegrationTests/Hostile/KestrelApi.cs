using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Layers.IntegrationTests.Hostile;

/// <summary>
/// The API on a real Kestrel socket, against the shared database. The in-memory test server never
/// writes a Server header, so checks of response headers need the server that production runs.
/// </summary>
public sealed class KestrelApi(LayersFixture fixture) : IAsyncLifetime
{
    private WebApplicationFactory<Program>? factory;

    public LayersFixture Fixture => fixture;

    public async ValueTask InitializeAsync()
    {
        // Limits on, as production runs; a free port chosen by the OS, so parallel runs on one machine do not collide.
        factory = fixture.AnotherHost(builder => builder.UseSetting("RateLimiting:Enabled", "true").UseUrls("http://127.0.0.1:0"));
        factory.UseKestrel();
        factory.StartServer();
        using var client = factory.CreateClient();
        await LayersFixture.WaitUntilReadyAsync(client);
    }

    public async ValueTask DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
    }

    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = (factory ?? throw new InvalidOperationException("The Kestrel host is not started.")).CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        }

        return client;
    }
}

[CollectionDefinition(Name)]
public sealed class KestrelHosted : ICollectionFixture<KestrelApi>
{
    public const string Name = "Kestrel-hosted API";
}
