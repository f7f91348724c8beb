using Dapper;
using Layers.Application.Common.Paging;
using Npgsql;

namespace Layers.Infrastructure.Persistence.Repositories;

/// <summary>
/// The key made by the migrations, read once and then kept as a completed task: it never changes,
/// and every instance reads the same one from the database they share. A failed read is not kept.
/// </summary>
public sealed class CursorSigningKeyRepository(NpgsqlDataSource dataSource) : ICursorSigningKey
{
    private Task<ReadOnlyMemory<byte>>? key;

    public Task<ReadOnlyMemory<byte>> GetAsync(CancellationToken cancellationToken) => Volatile.Read(ref key) ?? ReadAsync(cancellationToken);

    private async Task<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT secret FROM cursor_signing_key
            """;
        var secret = await dataSource.RunAsync(
            async connection => await connection.QuerySingleAsync<byte[]>(new CommandDefinition(sql)).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

        // Two first reads at once both keep the same bytes.
        Volatile.Write(ref key, Task.FromResult<ReadOnlyMemory<byte>>(secret));
        return secret;
    }
}
