using Layers.LanguageSubtags;

// dotnet run --project eng/LanguageSubtags -- <language-subtag-registry-x.y.z.tgz> <output.txt>
// eng/language-subtags.sh downloads the package and runs this.
if (args is not [var packagePath, var outputPath])
{
    Console.Error.WriteLine("usage: Layers.LanguageSubtags <language-subtag-registry-x.y.z.tgz> <output.txt>");
    return 2;
}

try
{
    var package = RegistryPackage.Read(File.ReadAllBytes(packagePath));
    File.WriteAllText(outputPath, SubtagData.Write(package, Path.GetFileName(packagePath)));
    Console.WriteLine($"{outputPath}: {package.Name} {package.Version}, File-Date {package.FileDate}, {package.Records.Count} records");
    return 0;
}
catch (Exception exception) when (exception is InvalidDataException or IOException or System.Text.Json.JsonException)
{
    Console.Error.WriteLine($"{packagePath}: {exception.Message}");
    return 1;
}
