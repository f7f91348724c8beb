using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Layers.Domain.Influencers;

/// <summary>
/// The subtags of the IANA Language Subtag Registry that make a language tag valid (RFC 5646
/// section 2.2.9), as of its <see cref="FileDate"/>: read once from language-subtag-registry.txt,
/// which eng/language-subtags.sh generates from npm's language-subtag-registry package and which is
/// embedded in this assembly.
/// </summary>
internal sealed class LanguageSubtagRegistry
{
    private const string ResourceName = "Layers.Domain.Influencers.language-subtag-registry.txt";

    private readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> extlangPrefixes;

    private LanguageSubtagRegistry(DateOnly fileDate, Dictionary<string, List<string>> subtags, Dictionary<string, string> extlangPrefixes)
    {
        FileDate = fileDate;
        Languages = new SubtagSet(subtags["language"]);
        Scripts = new SubtagSet(subtags["script"]);
        Regions = new SubtagSet(subtags["region"]);
        Variants = new SubtagSet(subtags["variant"]);
        Grandfathered = new SubtagSet(subtags["grandfathered"]);
        this.extlangPrefixes = extlangPrefixes.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static LanguageSubtagRegistry Embedded { get; } = ReadEmbedded();

    public DateOnly FileDate { get; }

    public SubtagSet Languages { get; }

    public SubtagSet Scripts { get; }

    public SubtagSet Regions { get; }

    public SubtagSet Variants { get; }

    /// <summary>Whole tags, valid whatever their subtags are (i-klingon, zh-min-nan).</summary>
    public SubtagSet Grandfathered { get; }

    /// <summary>The one prefix an extended language subtag is registered with (yue: zh).</summary>
    public bool TryGetExtlangPrefix(ReadOnlySpan<char> extlang, [MaybeNullWhen(false)] out string prefix) =>
        extlangPrefixes.TryGetValue(extlang, out prefix);

    /// <summary>Reads the text eng/LanguageSubtags writes; anything else is refused.</summary>
    public static LanguageSubtagRegistry Parse(TextReader text)
    {
        ArgumentNullException.ThrowIfNull(text);
        DateOnly? fileDate = null;
        var subtags = new Dictionary<string, List<string>>(StringComparer.Ordinal)
        {
            ["language"] = [],
            ["script"] = [],
            ["region"] = [],
            ["variant"] = [],
            ["grandfathered"] = [],
        };
        var extlangPrefixes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (text.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('#'))
            {
                continue;
            }

            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (words[0])
            {
                case "file-date" when words.Length == 2:
                    fileDate = DateOnly.ParseExact(words[1], "yyyy-MM-dd", CultureInfo.InvariantCulture);
                    break;
                case "extlang":
                    foreach (var entry in words.Skip(1))
                    {
                        var dash = entry.LastIndexOf('-');
                        extlangPrefixes.Add(entry[(dash + 1)..], dash > 0 ? entry[..dash] : throw Unreadable(line));
                    }

                    break;
                case var kind when subtags.TryGetValue(kind, out var list):
                    list.AddRange(words.Skip(1));
                    break;
                default:
                    throw Unreadable(line);
            }
        }

        return fileDate is { } date && extlangPrefixes.Count > 0 && subtags.Values.All(list => list.Count > 0)
            ? new LanguageSubtagRegistry(date, subtags, extlangPrefixes)
            : throw new InvalidDataException("The language subtag data lacks its file-date or a kind of subtag.");
    }

    private static LanguageSubtagRegistry ReadEmbedded()
    {
        using var stream = typeof(LanguageSubtagRegistry).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidDataException($"The resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }

    private static InvalidDataException Unreadable(string line) =>
        new($"The language subtag data has an unreadable line: '{line}'.");
}
