using Layers.Bench.Runner;

namespace Layers.Tooling.Tests.Bench;

public sealed class WrkOutputTests
{
    private const string CleanRun = """
        Running 15s test @ http://127.0.0.1:40123
          2 threads and 32 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     6.12ms    3.40ms  61.02ms   88.10%
            Req/Sec     2.65k   312.44     3.41k    71.33%
          Latency Distribution
             50%    5.63ms
             75%    7.02ms
             90%    9.11ms
             99%   20.31ms
          79031 requests in 15.10s, 25.40MB read
        Requests/sec:   5234.17
        Transfer/sec:      1.68MB
        """;

    private const string FailingRun = """
        Running 5s test @ http://127.0.0.1:40123
          2 threads and 32 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency   812.00us  102.11us   1.20s    91.00%
            Req/Sec    18.01k     1.20k   20.00k    70.00%
          Latency Distribution
             50%  812.00us
             75%    1.02ms
             90%    1.50ms
             99%    1.20s
          180412 requests in 5.00s, 40.10MB read
          Socket errors: connect 0, read 2, write 1, timeout 4
          Non-2xx or 3xx responses: 180405
        Requests/sec:  36082.40
        Transfer/sec:      8.02MB
        """;

    [Fact]
    public void A_clean_run_reads_rate_percentiles_in_milliseconds_and_no_errors()
    {
        Assert.Equal(new WrkRun(5234.17, 5.63, 20.31, 79031, 0), WrkOutput.Parse(CleanRun));
    }

    [Fact]
    public void Microseconds_and_seconds_become_milliseconds_and_errors_sum_failed_responses_and_socket_errors()
    {
        var run = WrkOutput.Parse(FailingRun);

        Assert.Equal(0.812, run.P50Ms, 9);
        Assert.Equal(1200, run.P99Ms, 9);
        Assert.Equal(180412, run.Requests);
        Assert.Equal(180405 + 2 + 1 + 4, run.Errors);
    }

    [Fact]
    public void A_report_without_latency_distribution_is_refused()
    {
        var withoutDistribution = string.Join('\n', CleanRun.Split('\n').Where(line => !line.Contains('%', StringComparison.Ordinal)));

        var error = Assert.Throws<FormatException>(() => WrkOutput.Parse(withoutDistribution));
        Assert.Equal("wrk printed no 50th percentile; run it with --latency.", error.Message);
    }

    [Fact]
    public void Output_that_is_not_a_wrk_report_is_refused()
    {
        Assert.Throws<FormatException>(() => WrkOutput.Parse("unable to connect to 127.0.0.1:40123 Connection refused"));
    }
}
