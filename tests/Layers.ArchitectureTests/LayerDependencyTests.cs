using System.Reflection;

using NetArchTest.Rules;

namespace Layers.ArchitectureTests;

public class LayerDependencyTests
{
    private static readonly Assembly Domain = typeof(Domain.Influencers.Influencer).Assembly;
    private static readonly Assembly Application = typeof(Application.DependencyInjection).Assembly;
    private static readonly Assembly Infrastructure = typeof(Infrastructure.DependencyInjection).Assembly;
    private static readonly Assembly Cli = typeof(Cli.LayersCli).Assembly;

    private static readonly string[] OtherProjectsThanDomain = ["Layers.Application", "Layers.Infrastructure", "Layers.Api", "Layers.Cli"];

    private static readonly string[] FrameworksDomainMustNotUse =
        ["MediatR", "FluentValidation", "AutoMapper", "Dapper", "Npgsql", "Microsoft.AspNetCore", "DbUp", "System.Text.Json", "System.Net.Http", "Microsoft.Net.Http"];

    /// <summary>HTTP and JSON are the API's: the use cases take typed requests from any caller.</summary>
    private static readonly string[] WhatApplicationMustNotUse =
        ["Layers.Infrastructure", "Layers.Api", "Layers.Cli", "Dapper", "Npgsql", "DbUp", "Microsoft.AspNetCore", "System.Text.Json", "System.Net.Http", "Microsoft.Net.Http"];

    /// <summary>The wire's vocabulary, which no source file of Domain or Application should need.</summary>
    private static readonly string[] HttpWords =
        ["application/json", "merge-patch", "Content-Type", "Content-Encoding", "If-Match", "If-None-Match", "ETag", "HttpContext", "StatusCodes", "JsonValueKind", "16 * 1024"];

    private static readonly string[] WhatInfrastructureMustNotUse = ["Layers.Api", "Layers.Cli", "Microsoft.AspNetCore"];

    /// <summary>The CLI is a composition root beside the API: the API may run it, not the reverse.</summary>
    private static readonly string[] WhatCliMustNotUse = ["Layers.Api", "Microsoft.AspNetCore"];

    [Fact]
    public void Domain_depends_on_no_other_project()
    {
        AssertNoTypeDependsOn(Domain, OtherProjectsThanDomain);
        AssertNoAssemblyReference(Domain, OtherProjectsThanDomain);
    }

    [Fact]
    public void Domain_depends_on_no_framework_or_infrastructure_library()
    {
        AssertNoTypeDependsOn(Domain, FrameworksDomainMustNotUse);
        AssertNoAssemblyReference(Domain, FrameworksDomainMustNotUse);
    }

    [Fact]
    public void Application_depends_on_neither_infrastructure_nor_the_web()
    {
        AssertNoTypeDependsOn(Application, WhatApplicationMustNotUse);
        AssertNoAssemblyReference(Application, WhatApplicationMustNotUse);
    }

    [Theory]
    [InlineData("src/Domain")]
    [InlineData("src/Application")]
    public void Domain_and_application_sources_speak_no_http(string folder)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Layers.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var sources = Directory.EnumerateFiles(Path.Combine(root.FullName, folder), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                           && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var offenders = sources
            .SelectMany(path => HttpWords.Where(word => File.ReadAllText(path).Contains(word, StringComparison.Ordinal)).Select(word => $"{Path.GetFileName(path)}: {word}"))
            .ToList();

        Assert.NotEmpty(sources);
        Assert.Empty(offenders);
    }

    [Fact]
    public void Infrastructure_depends_on_neither_the_api_nor_the_web()
    {
        AssertNoTypeDependsOn(Infrastructure, WhatInfrastructureMustNotUse);
        AssertNoAssemblyReference(Infrastructure, WhatInfrastructureMustNotUse);
    }

    [Fact]
    public void Cli_depends_on_neither_the_api_nor_the_web()
    {
        AssertNoTypeDependsOn(Cli, WhatCliMustNotUse);
        AssertNoAssemblyReference(Cli, WhatCliMustNotUse);
    }

    [Fact]
    public void Cli_composes_application_and_infrastructure()
    {
        var references = Cli.GetReferencedAssemblies().Select(reference => reference.Name).ToList();

        Assert.Contains("Layers.Application", references);
        Assert.Contains("Layers.Infrastructure", references);
    }

    private static void AssertNoTypeDependsOn(Assembly assembly, string[] namespaces)
    {
        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(namespaces).GetResult();

        Assert.True(
            result.IsSuccessful,
            $"{assembly.GetName().Name} types depend on {string.Join(", ", namespaces)}: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    // The compiler keeps a reference only when a type uses it, so this catches what the type scan
    // might miss (attributes, assembly-level usages) without flagging unused package references.
    private static void AssertNoAssemblyReference(Assembly assembly, string[] names)
    {
        var forbidden = assembly.GetReferencedAssemblies()
            .Select(reference => reference.Name ?? string.Empty)
            .Where(reference => names.Any(name => reference == name || reference.StartsWith(name + ".", StringComparison.Ordinal)))
            .ToList();

        Assert.True(forbidden.Count == 0, $"{assembly.GetName().Name} references {string.Join(", ", forbidden)}");
    }
}
