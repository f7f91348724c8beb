using System.Buffers;
using System.Globalization;
using Layers.Application.Common.Concurrency;
using Microsoft.Extensions.Primitives;

namespace Layers.Api.Binding;

/// <summary>
/// Strong ETags derived from a row's version, <c>"v42"</c>, and the conditional request headers
/// read as the versions they name (RFC 9110, sections 8.8.3 and 13.1).
/// </summary>
/// <remarks>
/// Entity tags compare as opaque strings. The server emits only <c>"v"</c> followed by the version
/// in decimal, without sign or leading zeros, so a tag names a version exactly when it is spelled
/// that way; any other tag (<c>"v017"</c>, <c>"v+17"</c>, <c>"abc"</c>) names no version, which
/// equals comparing the strings. A header that does not follow the grammar
/// (<c>"*" / #entity-tag</c>) lists nothing: <c>If-Match</c> then matches no version (412 for an
/// existing resource) and <c>If-None-Match</c> stops nothing. <c>*</c> counts only as the whole
/// field value; several field lines form one list.
/// </remarks>
public static class EntityTags
{
    private const string Ows = " \t";

    /// <summary><c>etagc</c>: visible ASCII but the double quote, and obs-text.</summary>
    private static readonly SearchValues<char> EntityTagCharacters = SearchValues.Create(
        [.. Enumerable.Range(0x21, 0x7E - 0x21 + 1).Where(c => c != '"').Concat(Enumerable.Range(0x80, 0x80)).Select(c => (char)c)]);

    public static string Format(long version) => string.Create(CultureInfo.InvariantCulture, $"\"v{version}\"");

    /// <summary>
    /// Both conditional headers as a precondition on the stored version, or null when neither is
    /// sent. For writes, where a failed <c>If-None-Match</c> answers 412 like <c>If-Match</c>.
    /// </summary>
    public static VersionPrecondition? Precondition(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var oneOf = ParseIfMatch(request.Headers.IfMatch);
        var noneOf = ParseIfNoneMatch(request.Headers.IfNoneMatch);
        return oneOf is null && noneOf is null ? null : new VersionPrecondition(oneOf, noneOf);
    }

    /// <summary>
    /// <c>If-Match</c> alone as a precondition, or null when it is not sent. For reads, where a
    /// failed <c>If-None-Match</c> answers 304 instead, which is the caller's to decide.
    /// </summary>
    public static VersionPrecondition? IfMatchPrecondition(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ParseIfMatch(request.Headers.IfMatch) is { } oneOf ? new VersionPrecondition(oneOf, null) : null;
    }

    /// <summary>
    /// The versions an <c>If-Match</c> header names, or null when it is absent. Strong comparison:
    /// a weak tag names no version.
    /// </summary>
    public static VersionSet? ParseIfMatch(StringValues fieldLines) => Parse(fieldLines, weakTagsCount: false);

    /// <summary>
    /// The versions an <c>If-None-Match</c> header names, or null when it is absent. Weak
    /// comparison: <c>W/"v3"</c> names version 3 as <c>"v3"</c> does.
    /// </summary>
    public static VersionSet? ParseIfNoneMatch(StringValues fieldLines) => Parse(fieldLines, weakTagsCount: true);

    private static VersionSet? Parse(StringValues fieldLines, bool weakTagsCount)
    {
        if (fieldLines.Count == 0)
        {
            return null;
        }

        if (fieldLines.Count == 1 && fieldLines[0].AsSpan().Trim(Ows) is "*")
        {
            return VersionSet.Any;
        }

        var versions = new List<long>();
        foreach (var line in fieldLines)
        {
            if (!TryAddVersions(line, weakTagsCount, versions))
            {
                return VersionSet.Of([]);
            }
        }

        return VersionSet.Of(versions);
    }

    /// <summary>
    /// One field line of <c>#entity-tag</c>: tags separated by commas and optional white space,
    /// empty elements allowed (RFC 9110, section 5.6.1). False when the line is malformed.
    /// </summary>
    private static bool TryAddVersions(ReadOnlySpan<char> line, bool weakTagsCount, List<long> versions)
    {
        while (true)
        {
            line = line.TrimStart(Ows);
            if (line.IsEmpty)
            {
                return true;
            }

            if (line[0] == ',')
            {
                line = line[1..];
                continue;
            }

            var weak = line.StartsWith("W/", StringComparison.Ordinal);
            if (weak)
            {
                line = line[2..];
            }

            if (line.IsEmpty || line[0] != '"')
            {
                return false;
            }

            var length = line[1..].IndexOf('"');
            if (length < 0)
            {
                return false;
            }

            var opaque = line.Slice(1, length);
            if (opaque.ContainsAnyExcept(EntityTagCharacters))
            {
                return false;
            }

            line = line[(length + 2)..].TrimStart(Ows);
            if (!line.IsEmpty && line[0] != ',')
            {
                return false;
            }

            if ((weakTagsCount || !weak) && TryVersion(opaque, out var version))
            {
                versions.Add(version);
            }
        }
    }

    /// <summary>The version a tag's opaque text names: only the form <see cref="Format"/> emits.</summary>
    private static bool TryVersion(ReadOnlySpan<char> opaque, out long version)
    {
        version = 0;
        var digits = opaque.StartsWith('v') ? opaque[1..] : [];
        return digits.Length > 0
               && (digits[0] != '0' || digits.Length == 1)
               && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
