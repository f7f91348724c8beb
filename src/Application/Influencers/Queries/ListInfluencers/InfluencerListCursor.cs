using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Layers.Domain.Organizations;

namespace Layers.Application.Influencers.Queries.ListInfluencers;

/// <summary>
/// Where the next page of a listing starts, as the opaque token handed to callers: the position of
/// the last influencer of the page before (its creation time to the microsecond, as stored, and
/// its id) and a tag, HMAC-SHA256 truncated to 128 bits, over that position, the org and the project
/// filter it was issued for. A token that was altered, or issued to another org or for another
/// filter, fails its tag and is refused like a malformed one, so a cursor tells nobody anything
/// about an org but its own. The position is plain, not secret: the caller saw that influencer.
/// </summary>
/// <remarks>
/// Token bytes: format version (1), creation time in microseconds since the Unix epoch (8, big
/// endian), id (16, big endian), tag (16); 41 bytes as 55 characters of unpadded base64url.
/// </remarks>
public sealed class InfluencerListCursor
{
    /// <summary>The token's length in characters; any other length is no token.</summary>
    public const int TextLength = 55;

    public const string Invalid = "Invalid cursor. Expected a nextCursor of this listing, sent with the same projectId.";

    private const byte FormatVersion = 1;
    private const int PositionLength = 1 + 8 + 16;
    private const int TagLength = 16;
    private const int TokenLength = PositionLength + TagLength;

    private static readonly SearchValues<char> Base64UrlCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private readonly byte[] token;

    // Separates these tags from any other use of the same key.
    private static ReadOnlySpan<byte> Purpose => "layers/influencer-list-cursor/v1"u8;

    private InfluencerListCursor(byte[] token, InfluencerListPosition position)
    {
        this.token = token;
        Position = position;
    }

    /// <summary>The page starts right after this position.</summary>
    public InfluencerListPosition Position { get; }

    /// <summary>
    /// The cursor for the page after <paramref name="position"/>, for <paramref name="orgId"/> and
    /// the listing's project filter (none: all the org's projects).
    /// </summary>
    public static InfluencerListCursor Issue(ReadOnlySpan<byte> key, OrgId orgId, ProjectId? projectId, InfluencerListPosition position)
    {
        var token = new byte[TokenLength];
        token[0] = FormatVersion;
        BinaryPrimitives.WriteInt64BigEndian(token.AsSpan(1, 8), (position.CreatedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond);
        _ = position.Id.Value.TryWriteBytes(token.AsSpan(9, 16), bigEndian: true, out _);
        ComputeTag(key, orgId, projectId, token.AsSpan(0, PositionLength), token.AsSpan(PositionLength));
        return new InfluencerListCursor(token, position);
    }

    /// <summary>
    /// A token in the form <see cref="ToString"/> writes, exactly: 55 base64url characters of a
    /// token of this format. Whose it is, and whether it was altered, only <see cref="IsIssuedFor"/> can tell.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out InfluencerListCursor? cursor)
    {
        cursor = null;
        if (text is not { Length: TextLength } || text.AsSpan().ContainsAnyExcept(Base64UrlCharacters))
        {
            return false;
        }

        // The status-returning decoder: the Try one throws on text it calls invalid (unused trailing
        // bits set), which the re-encoding check below refuses along with any other second spelling.
        var token = new byte[TokenLength];
        if (Base64Url.DecodeFromChars(text, token, out _, out var written) != OperationStatus.Done || written != TokenLength
            || token[0] != FormatVersion
            || !string.Equals(Base64Url.EncodeToString(token), text, StringComparison.Ordinal))
        {
            return false;
        }

        var microseconds = BinaryPrimitives.ReadInt64BigEndian(token.AsSpan(1, 8));
        var id = new Guid(token.AsSpan(9, 16), bigEndian: true);
        var earliest = (DateTimeOffset.MinValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        var latest = (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        if (microseconds < earliest || microseconds > latest || id == Guid.Empty)
        {
            return false;
        }

        var createdAt = DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond);
        cursor = new InfluencerListCursor(token, new InfluencerListPosition(createdAt, new InfluencerId(id)));
        return true;
    }

    /// <summary>Whether this cursor was issued with <paramref name="key"/> for this org and project filter, unaltered.</summary>
    public bool IsIssuedFor(ReadOnlySpan<byte> key, OrgId orgId, ProjectId? projectId)
    {
        Span<byte> expected = stackalloc byte[TagLength];
        ComputeTag(key, orgId, projectId, token.AsSpan(0, PositionLength), expected);
        return CryptographicOperations.FixedTimeEquals(expected, token.AsSpan(PositionLength));
    }

    public override string ToString() => Base64Url.EncodeToString(token);

    private static void ComputeTag(ReadOnlySpan<byte> key, OrgId orgId, ProjectId? projectId, ReadOnlySpan<byte> position, Span<byte> tag)
    {
        // Purpose, org, whether a project filters and which (zeros when none), then the position:
        // fixed lengths, so no two different inputs share their bytes.
        Span<byte> message = stackalloc byte[Purpose.Length + 16 + 1 + 16 + PositionLength];
        var filled = 0;
        Purpose.CopyTo(message);
        filled += Purpose.Length;
        _ = orgId.Value.TryWriteBytes(message.Slice(filled, 16), bigEndian: true, out _);
        filled += 16;
        message[filled++] = projectId is null ? (byte)0 : (byte)1;
        if (projectId is { } project)
        {
            _ = project.Value.TryWriteBytes(message.Slice(filled, 16), bigEndian: true, out _);
        }

        filled += 16;
        position.CopyTo(message[filled..]);

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        _ = HMACSHA256.HashData(key, message, mac);
        mac[..TagLength].CopyTo(tag);
    }
}
