using System.Globalization;
using System.Text;

namespace Layers.IntegrationTests.Hostile;

/// <summary>
/// A request body as a hostile or broken client might send it: any bytes, any Content-Type (or
/// none), with a Content-Length or without one (chunked). <see cref="Kind"/> names the generator
/// family so that a failure report says what sort of input it was.
/// </summary>
public sealed record HostileBody(string Kind, byte[] Bytes, string? ContentType, bool Chunked)
{
    private const int PreviewBytes = 240;

    public HttpContent ToContent()
    {
        var content = new ByteArrayContent(Bytes);

        // Without validation, so that malformed media types reach the server as sent.
        if (ContentType is not null && !content.Headers.TryAddWithoutValidation("Content-Type", ContentType))
        {
            throw new InvalidOperationException($"HttpClient refuses the Content-Type '{ContentType}'.");
        }

        if (Chunked)
        {
            // No length header: the server has to enforce the size limit while reading.
            content.Headers.ContentLength = null;
        }

        return content;
    }

    /// <summary>Readable in a failure report: printable ASCII as is, every other byte as \xNN.</summary>
    public override string ToString()
    {
        var preview = new StringBuilder();
        foreach (var b in Bytes.AsSpan(0, Math.Min(Bytes.Length, PreviewBytes)))
        {
            _ = b is >= 0x20 and < 0x7f and not (byte)'\\'
                ? preview.Append((char)b)
                : preview.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
        }

        var more = Bytes.Length > PreviewBytes ? $"... ({Bytes.Length - PreviewBytes} more bytes)" : string.Empty;
        var type = ContentType is null ? "(none)" : $"'{ContentType}'";
        return $"{Kind}, Content-Type {type}, {Bytes.Length} bytes{(Chunked ? " chunked" : string.Empty)}: {preview}{more}";
    }
}
