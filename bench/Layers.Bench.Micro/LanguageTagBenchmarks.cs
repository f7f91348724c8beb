using BenchmarkDotNet.Attributes;
using Layers.Domain.Influencers;

namespace Layers.Bench.Micro;

/// <summary>
/// A language tag's validation: <see cref="LanguageTag.Create"/> looks every subtag up in the IANA
/// registry, <see cref="LanguageTag.Restore"/> checks the grammar alone. Canonical input, so both
/// allocate the LanguageTag and nothing else: the difference is the lookups' time.
/// </summary>
[MemoryDiagnoser]
public class LanguageTagBenchmarks
{
    [Params("en", "zh-Hans-CN", "sl-IT-rozaj-biske", "zh-yue-HK", "i-klingon")]
    public string Tag { get; set; } = "en";

    [Benchmark]
    public LanguageTag Create() => LanguageTag.Create(Tag);

    [Benchmark(Baseline = true)]
    public LanguageTag Restore() => LanguageTag.Restore(Tag);
}
