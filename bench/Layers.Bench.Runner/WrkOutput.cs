using System.Globalization;
using System.Text.RegularExpressions;

namespace Layers.Bench.Runner;

/// <summary>Reads the report wrk prints with <c>--latency</c>.</summary>
internal static partial class WrkOutput
{
    public static WrkRun Parse(string output)
    {
        var requestsPerSecond = RequestsPerSecond().Match(output);
        var requests = Requests().Match(output);
        if (!requestsPerSecond.Success || !requests.Success)
        {
            throw new FormatException($"Not a wrk report:\n{output}");
        }

        return new WrkRun(
            double.Parse(requestsPerSecond.Groups[1].Value, CultureInfo.InvariantCulture),
            LatencyMs(output, "50"),
            LatencyMs(output, "99"),
            long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture),
            SumOfGroups(NonSuccessResponses().Match(output)) + SumOfGroups(SocketErrors().Match(output)));
    }

    private static double LatencyMs(string output, string percentile)
    {
        var match = Regex.Match(output, $@"^\s+{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline);
        if (!match.Success)
        {
            throw new FormatException($"wrk printed no {percentile}th percentile; run it with --latency.");
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "ms" => value,
            "s" => value * 1000,
            _ => value * 60_000,
        };
    }

    // wrk prints these lines only when their counts are not all zero.
    private static long SumOfGroups(Match line) =>
        line.Groups.Values.Skip(1).Where(group => group.Success).Sum(group => long.Parse(group.Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccessResponses();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
