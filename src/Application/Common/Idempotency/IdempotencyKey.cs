namespace Layers.Application.Common.Idempotency;

/// <summary>
/// The key a caller chose for one request, with the hash (32 bytes) of what identifies that
/// request, computed by the caller in its own terms; a retry sends the same key and hash.
/// <see cref="Replayed"/> tells the caller, once the command returns, that its result is the one
/// recorded by an earlier execution rather than a new one.
/// </summary>
public sealed class IdempotencyKey(string value, byte[] requestHash)
{
    /// <summary>How long a recorded result is kept, and a key unusable for another request.</summary>
    public static TimeSpan Retention { get; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long an unfinished claim holds its key. Well above the request deadline, which bounds a
    /// live execution; should one still run past it, a later claim takes over and the first can
    /// no longer record its outcome, so its writes are rolled back: never two executions committed.
    /// </summary>
    public static TimeSpan Lease { get; } = TimeSpan.FromSeconds(30);

    public string Value { get; } = value;

    public ReadOnlyMemory<byte> RequestHash { get; } = requestHash;

    public bool Replayed { get; internal set; }
}
