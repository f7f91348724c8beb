namespace Layers.Infrastructure.Persistence;

/// <summary>
/// Timeouts are explicit so that, when PostgreSQL is unreachable or frozen, a request fails within
/// the API's 5 s answer budget (and answers 503) instead of waiting on driver defaults (15 s to
/// connect, 30 s per command). Bound from the "Database" configuration section.
/// </summary>
public sealed record DatabaseOptions
{
    /// <summary>Opening a physical connection, and waiting for a pooled one when all are busy.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a timed-out command waits for the server to confirm its cancellation.</summary>
    public TimeSpan CancellationTimeout { get; init; } = TimeSpan.FromMilliseconds(-1);

    public int MaxPoolSize { get; init; } = 50;
}
