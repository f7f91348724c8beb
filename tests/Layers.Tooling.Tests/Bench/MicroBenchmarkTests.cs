using Layers.Bench.Runner;

namespace Layers.Tooling.Tests.Bench;

public sealed class MicroBenchmarkTests
{
    [Fact]
    public void The_whole_path_is_read_from_the_report_as_mean_nanoseconds_and_bytes_allocated()
    {
        const string Report = """
            {"Title":"Layers.Bench.Micro.PatchPathBenchmarks-20261207","Benchmarks":[
              {"Type":"PatchPathBenchmarks","Method":"ParseBody","Statistics":{"Mean":412.5},"Memory":{"BytesAllocatedPerOperation":352}},
              {"Type":"PatchPathBenchmarks","Method":"WholePathAsync","Statistics":{"Mean":8123.4,"Median":8100.0},"Memory":{"Gen0Collections":12,"BytesAllocatedPerOperation":3912}}
            ]}
            """;

        Assert.Equal(new MicroResult(8123.4, 3912), MicroBenchmark.Parse(Report));
    }

    [Fact]
    public void A_report_without_the_whole_path_is_refused()
    {
        Assert.Throws<FormatException>(() => MicroBenchmark.Parse("""{"Benchmarks":[{"Method":"ParseBody","Statistics":{"Mean":1},"Memory":{"BytesAllocatedPerOperation":1}}]}"""));
    }
}
