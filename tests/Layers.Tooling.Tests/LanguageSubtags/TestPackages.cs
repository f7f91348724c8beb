using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace Layers.Tooling.Tests.LanguageSubtags;

/// <summary>Small npm tarballs in the shape of language-subtag-registry, built in memory.</summary>
internal static class TestPackages
{
    public static JsonObject Record(string type, string subtag, params string[] prefixes)
    {
        var record = new JsonObject { ["Type"] = type, [type is "grandfathered" or "redundant" ? "Tag" : "Subtag"] = subtag };
        if (prefixes.Length > 0)
        {
            record["Prefix"] = new JsonArray([.. prefixes.Select(prefix => JsonValue.Create(prefix))]);
        }

        return record;
    }

    /// <summary>One record of each kind, which any registry has.</summary>
    public static JsonObject[] OneOfEach() =>
    [
        Record("language", "zh"), Record("extlang", "yue", "zh"), Record("script", "Hans"),
        Record("region", "CN"), Record("variant", "pinyin", "zh-Latn"), Record("grandfathered", "i-ami"),
    ];

    public static byte[] Tarball(IEnumerable<JsonObject> records, string fileDate = "2025-08-25", string name = "language-subtag-registry", bool withRegistry = true)
    {
        var files = new Dictionary<string, string>
        {
            ["package/package.json"] = new JsonObject { ["name"] = name, ["version"] = "1.2.3" }.ToJsonString(),
            ["package/data/json/meta.json"] = new JsonObject { ["File-Date"] = fileDate }.ToJsonString(),
        };
        if (withRegistry)
        {
            files["package/data/json/registry.json"] = new JsonArray([.. records]).ToJsonString();
        }

        using var tarball = new MemoryStream();
        using (var gzip = new GZipStream(tarball, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            foreach (var (path, content) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }

        return tarball.ToArray();
    }
}
