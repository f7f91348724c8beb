using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Layers.Domain.Common;

/// <summary>
/// A name people read (an influencer's, a project's, an API key's): 1–128 Unicode code points, not
/// blank (white space and invisible format characters alone), without control characters or
/// unpaired surrogates. Kept exactly as given (no trimming or normalisation). The one rule for
/// every such name, so that none of them can carry a line break or a tab into a listing.
/// </summary>
public sealed record DisplayName
{
    public const int MaxLength = 128;

    private DisplayName(string value) => Value = value;

    public string Value { get; }

    public static bool TryCreate(string? text, [NotNullWhen(true)] out DisplayName? name, [NotNullWhen(false)] out string? error)
    {
        error = Check(text);
        name = error is null ? new DisplayName(text!) : null;
        return name is not null;
    }

    public static DisplayName Create(string text) =>
        TryCreate(text, out var name, out var error) ? name : throw new DomainException(error);

    public override string ToString() => Value;

    private static string? Check(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "Name must be at least 1 character.";
        }

        var codePoints = 0;
        var blank = true;
        for (var i = 0; i < text.Length; codePoints++)
        {
            // Decoding rune by rune, rather than string.EnumerateRunes, sees unpaired surrogates.
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != OperationStatus.Done)
            {
                return "Name must not contain unpaired surrogates.";
            }

            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Control)
            {
                return "Name must not contain control characters.";
            }

            // Format characters (zero-width space and joiners, word joiner, BOM) show nothing
            // on their own: a name of only those reads as blank.
            blank &= Rune.IsWhiteSpace(rune) || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format;
            i += consumed;
        }

        if (codePoints > MaxLength)
        {
            return $"Name must be at most {MaxLength} characters.";
        }

        return blank ? "Name must not be blank." : null;
    }
}
