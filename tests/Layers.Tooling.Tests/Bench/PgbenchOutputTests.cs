using Layers.Bench.Runner;

namespace Layers.Tooling.Tests.Bench;

public sealed class PgbenchOutputTests
{
    private const string Summary = """
        pgbench (15.13 (Debian 15.13-0+deb12u1))
        transaction type: multiple scripts
        scaling factor: 1
        query mode: simple
        number of clients: 32
        number of threads: 2
        maximum number of tries: 1
        duration: 15 s
        number of transactions actually processed: 163866
        number of failed transactions: 3 (0.002%)
        latency average = 2.928 ms
        initial connection time = 31.442 ms
        tps = 10924.395117 (without initial connection time)
        """;

    [Fact]
    public void The_summary_gives_the_rate_without_connection_time_and_the_failed_transactions()
    {
        Assert.Equal(new PgbenchRun(10924.395117, 3), PgbenchOutput.Parse(Summary));
    }

    [Fact]
    public void A_summary_without_a_failed_transactions_line_counts_none()
    {
        var older = string.Join('\n', Summary.Split('\n').Where(line => !line.StartsWith("number of failed", StringComparison.Ordinal)));

        Assert.Equal(new PgbenchRun(10924.395117, 0), PgbenchOutput.Parse(older));
    }

    [Fact]
    public void Output_without_a_rate_is_refused()
    {
        Assert.Throws<FormatException>(() => PgbenchOutput.Parse("pgbench: error: connection to server failed"));
    }

    [Theory]
    [InlineData("0 199 2530 3 1764412345 123456", 2.53)]
    [InlineData("31 7 15 0 1764412345 999999", 0.015)]
    public void A_log_line_gives_the_transaction_latency_in_milliseconds(string line, double expected)
    {
        Assert.Equal(expected, PgbenchOutput.LatencyMs(line), 9);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0 199")]
    [InlineData("0 199 -5 3 1764412345 123456")]
    public void A_line_that_is_not_a_transaction_log_line_is_refused(string line)
    {
        Assert.Throws<FormatException>(() => PgbenchOutput.LatencyMs(line));
    }
}
