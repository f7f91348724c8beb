using System.Buffers;
using System.Globalization;
using System.Text;

namespace Layers.Cli;

/// <summary>
/// Text the CLI prints that it did not write itself (stored names, exception messages, echoed
/// arguments) goes through <see cref="Escape"/>, so that no value can add a line or a column to
/// the output, or move a terminal's cursor.
/// </summary>
public static class CliText
{
    /// <summary>
    /// Backslash-escapes the backslash, tab, line breaks, every other control character, the
    /// Unicode line and paragraph separators, bidirectional overrides and unpaired surrogates;
    /// everything else is kept as it is.
    /// </summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length;)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var consumed) != OperationStatus.Done)
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)value[i]:X4}");
                i++;
                continue;
            }

            text.Append(rune.Value switch
            {
                '\\' => @"\\",
                '\t' => @"\t",
                '\n' => @"\n",
                '\r' => @"\r",
                _ when NeedsEscape(rune) => string.Create(CultureInfo.InvariantCulture, $"\\u{rune.Value:X4}"),
                _ => rune.ToString(),
            });
            i += consumed;
        }

        return text.ToString();
    }

    private static bool NeedsEscape(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        || rune.Value is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);
}
