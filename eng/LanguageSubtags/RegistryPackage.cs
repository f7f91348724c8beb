using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace Layers.LanguageSubtags;

/// <summary>One record of the IANA registry, with the fields the subtag data needs.</summary>
internal sealed record RegistryRecord(string Type, string? Subtag, string? Tag, IReadOnlyList<string> Prefixes);

/// <summary>
/// The npm package <c>language-subtag-registry</c> (the IANA Language Subtag Registry as JSON):
/// its name, version and npm integrity string (the SHA-512 of the tarball, as npm's
/// <c>dist.integrity</c> gives it), the registry's File-Date and its records.
/// </summary>
internal sealed record RegistryPackage(string Name, string Version, string Integrity, string FileDate, IReadOnlyList<RegistryRecord> Records)
{
    public const string ExpectedName = "language-subtag-registry";

    public static RegistryPackage Read(byte[] tarball)
    {
        ArgumentNullException.ThrowIfNull(tarball);
        var files = ReadFiles(tarball, "package/package.json", "package/data/json/meta.json", "package/data/json/registry.json");

        using var package = JsonDocument.Parse(files["package/package.json"]);
        var name = RequiredString(package.RootElement, "name", "package.json");
        if (name != ExpectedName)
        {
            throw new InvalidDataException($"The package is '{name}', not '{ExpectedName}'.");
        }

        using var meta = JsonDocument.Parse(files["package/data/json/meta.json"]);
        var fileDate = RequiredString(meta.RootElement, "File-Date", "meta.json");
        if (!DateOnly.TryParseExact(fileDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw new InvalidDataException($"meta.json: File-Date '{fileDate}' is not a yyyy-MM-dd date.");
        }

        using var registry = JsonDocument.Parse(files["package/data/json/registry.json"]);
        var records = registry.RootElement.EnumerateArray().Select(ReadRecord).ToList();

        return new RegistryPackage(
            name,
            RequiredString(package.RootElement, "version", "package.json"),
            "sha512-" + Convert.ToBase64String(SHA512.HashData(tarball)),
            fileDate,
            records);
    }

    private static Dictionary<string, byte[]> ReadFiles(byte[] tarball, params string[] names)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var gzip = new GZipStream(new MemoryStream(tarball), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (names.Contains(entry.Name, StringComparer.Ordinal) && entry.DataStream is { } data)
            {
                using var content = new MemoryStream();
                data.CopyTo(content);
                files[entry.Name] = content.ToArray();
            }
        }

        var missing = names.Where(name => !files.ContainsKey(name)).ToList();
        return missing.Count == 0
            ? files
            : throw new InvalidDataException($"The package lacks {string.Join(", ", missing)}.");
    }

    private static RegistryRecord ReadRecord(JsonElement record, int index) =>
        new(
            RequiredString(record, "Type", $"registry.json record {index}"),
            record.TryGetProperty("Subtag", out var subtag) ? subtag.GetString() : null,
            record.TryGetProperty("Tag", out var tag) ? tag.GetString() : null,
            record.TryGetProperty("Prefix", out var prefixes) ? [.. prefixes.EnumerateArray().Select(prefix => prefix.GetString()!)] : []);

    private static string RequiredString(JsonElement element, string property, string where) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidDataException($"{where}: '{property}' is missing or not a string.");
}
