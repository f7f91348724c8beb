using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Faults;

/// <summary>
/// A database and API of their own for the tests that freeze PostgreSQL: freezing the shared
/// container would stall every other test, so with their own they run alongside the rest.
/// </summary>
public sealed class FrozenDatabaseFixture : IAsyncLifetime
{
    public LayersFixture Layers { get; } = new();

    public ValueTask InitializeAsync() => Layers.InitializeAsync();

    public ValueTask DisposeAsync() => Layers.DisposeAsync();

    /// <summary>
    /// Pauses the container (the cgroup freezer). On a loaded machine the engine's freeze can give
    /// up before every process has stopped (runc then thaws it and fails); that is the harness's
    /// failure, not the API's, so the freeze is tried again a few times.
    /// </summary>
    public async Task FreezeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Layers.Container.PauseAsync(TestContext.Current.CancellationToken);
                return;
            }
            catch (Docker.DotNet.DockerApiException) when (attempt < 5)
            {
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
        }
    }

    public Task ThawAsync() => Layers.Container.UnpauseAsync(TestContext.Current.CancellationToken);
}

[CollectionDefinition(nameof(DatabaseFaults))]
public sealed class DatabaseFaults : ICollectionFixture<FrozenDatabaseFixture>;
