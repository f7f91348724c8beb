namespace Layers.IntegrationTests.Support;

/// <summary>
/// The tests that claim idempotency keys run one at a time: every claim purges expired keys of
/// any org, and one test counts exactly what a single claim purges.
/// </summary>
[CollectionDefinition(nameof(IdempotencyKeysOneAtATime))]
public sealed class IdempotencyKeysOneAtATime;
