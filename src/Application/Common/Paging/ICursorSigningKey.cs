namespace Layers.Application.Common.Paging;

/// <summary>
/// The secret that page cursors are signed with: the same on every instance, so that a cursor one
/// instance issued is accepted by any other, and kept across restarts, so that a cursor outlives
/// the process that issued it.
/// </summary>
public interface ICursorSigningKey
{
    /// <summary>The key's bytes (at least 32).</summary>
    Task<ReadOnlyMemory<byte>> GetAsync(CancellationToken cancellationToken);
}
