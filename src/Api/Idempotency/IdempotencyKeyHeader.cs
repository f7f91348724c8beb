using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Layers.Api.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> request header: one field line whose value is 1 to 255 printable
/// ASCII characters (0x20 to 0x7E). A space may appear inside a key; whitespace around the value is
/// not part of an HTTP field value (RFC 9110, section 5.5), so it is no part of the key: servers
/// strip it before the application sees it, and so does this parser, so that every host agrees.
/// </summary>
public static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";
    public const int MaxLength = 255;

    private const string Ows = " \t";

    private static readonly SearchValues<char> Printable = SearchValues.Create(
        [.. Enumerable.Range(0x20, 0x7E - 0x20 + 1).Select(c => (char)c)]);

    /// <summary>
    /// The key the field lines carry: false with an error message (about the header, for the
    /// client) when they carry none that is valid. Call it only when the header was sent.
    /// </summary>
    public static bool TryParse(StringValues fieldLines, [NotNullWhen(true)] out string? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (fieldLines.Count != 1)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"Expected one {Name} header, received {fieldLines.Count}.");
            return false;
        }

        var value = fieldLines[0].AsSpan().Trim(Ows);
        if (value.Length is 0 or > MaxLength)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"Expected 1 to {MaxLength} characters, received {value.Length}.");
            return false;
        }

        var outside = value.IndexOfAnyExcept(Printable);
        if (outside >= 0)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"Expected printable ASCII characters (space to '~'), received U+{(int)value[outside]:X4}.");
            return false;
        }

        key = value.ToString();
        error = null;
        return true;
    }
}
