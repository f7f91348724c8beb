namespace Layers.Infrastructure.Persistence;

/// <summary>
/// Timeouts are set explicitly so that, when PostgreSQL is unreachable, a request fails fast
/// (and answers 503) instead of waiting on driver defaults.
/// </summary>
public sealed record DatabaseOptions
{
    /// <summary>Opening a physical connection, and waiting for a pooled one.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public int MaxPoolSize { get; init; } = 50;
}
