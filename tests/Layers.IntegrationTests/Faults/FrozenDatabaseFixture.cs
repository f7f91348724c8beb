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
}

[CollectionDefinition(nameof(DatabaseFaults))]
public sealed class DatabaseFaults : ICollectionFixture<FrozenDatabaseFixture>;
