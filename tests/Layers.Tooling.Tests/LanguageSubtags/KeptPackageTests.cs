using Layers.Domain.Influencers;
using Layers.LanguageSubtags;

namespace Layers.Tooling.Tests.LanguageSubtags;

/// <summary>
/// The package kept in eng/language-subtags/ (npm's tarball, byte for byte: its SHA-512 is npm's
/// dist.integrity) is the source of the Domain's registry data. Without network: the generator runs
/// here on the kept package, and the Domain's answers are checked against every record of it.
/// </summary>
public class KeptPackageTests
{
    private const string ResourceName = "Layers.Domain.Influencers.language-subtag-registry.txt";

    private static readonly Lazy<(string File, RegistryPackage Package)> Kept = new(() =>
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Layers.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var path = Assert.Single(Directory.GetFiles(Path.Combine(root.FullName, "eng", "language-subtags"), "*.tgz"));
        return (Path.GetFileName(path), RegistryPackage.Read(File.ReadAllBytes(path)));
    });

    [Fact]
    public void The_embedded_data_is_what_the_generator_makes_of_the_kept_package()
    {
        var (file, package) = Kept.Value;
        using var stream = typeof(LanguageTag).Assembly.GetManifestResourceStream(ResourceName);
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);

        Assert.Equal(SubtagData.Write(package, file), reader.ReadToEnd());
    }

    [Fact]
    public void The_registry_date_of_the_domain_is_the_file_date_of_the_kept_package()
    {
        Assert.Equal(Kept.Value.Package.FileDate, LanguageTag.RegistryFileDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Every_subtag_and_tag_of_the_registry_is_valid_and_keeps_its_registry_casing()
    {
        var tags = Kept.Value.Package.Records.SelectMany(record => record.Type switch
        {
            "language" => Bounds(record.Subtag!),
            "extlang" => [$"{record.Prefixes[0]}-{record.Subtag}"],
            "script" or "region" or "variant" => Bounds(record.Subtag!).Select(subtag => $"und-{subtag}"),
            _ => [record.Tag!],
        }).ToList();

        var refused = tags.Where(tag => !LanguageTag.TryCreate(tag, out var valid, out _) || valid.Value != tag).ToList();

        Assert.True(tags.Count > 9000, $"{tags.Count} tags");
        Assert.Empty(refused);
    }

    // A range (qaa..qtz) by its two ends.
    private static string[] Bounds(string subtag) => subtag.Split("..");
}
