using Layers.Api.RateLimiting;

namespace Layers.Api.Tests.RateLimiting;

public sealed class RateLimitingOptionsTests
{
    [Theory]
    [InlineData(0, 100, "RateLimiting:RedisTimeout must be from 00:00:00.0010000 to 00:00:10 (was 00:00:00).")]
    [InlineData(-1, 100, "RateLimiting:RedisTimeout must be from 00:00:00.0010000 to 00:00:10 (was -00:00:00.0010000).")]
    [InlineData(250, 0, "RateLimiting:RedisSlowAnswer must be from 00:00:00.0010000 to 00:00:00.2500000 (was 00:00:00).")]
    [InlineData(250, 251, "RateLimiting:RedisSlowAnswer must be from 00:00:00.0010000 to 00:00:00.2500000 (was 00:00:00.2510000).")]
    public void Redis_waits_that_cannot_be_honoured_are_refused(int timeoutMilliseconds, int slowAnswerMilliseconds, string problem) =>
        Assert.Contains(problem, Problems(new RateLimitingOptions
        {
            RedisTimeout = TimeSpan.FromMilliseconds(timeoutMilliseconds),
            RedisSlowAnswer = TimeSpan.FromMilliseconds(slowAnswerMilliseconds),
        }));

    /// <summary>The Redis client counts in whole milliseconds: a fraction would be dropped unsaid.</summary>
    [Fact]
    public void A_Redis_timeout_in_fractions_of_a_millisecond_is_refused() =>
        Assert.Equal(
            ["RateLimiting:RedisTimeout must be whole milliseconds (was 00:00:00.2505000)."],
            Problems(new RateLimitingOptions { RedisTimeout = TimeSpan.FromMicroseconds(250_500) }));

    /// <summary>A budget of zero was once counted as one; now it is refused.</summary>
    [Theory]
    [InlineData(nameof(RateLimitingOptions.PerKeyPermitsPerSecond), 0)]
    [InlineData(nameof(RateLimitingOptions.PerIpPermitsPerSecond), -1)]
    [InlineData(nameof(RateLimitingOptions.AnonymousPermitsPerSecond), 1_000_001)]
    public void A_budget_outside_1_to_a_million_a_second_is_refused_not_corrected(string key, int permits)
    {
        var options = key switch
        {
            nameof(RateLimitingOptions.PerKeyPermitsPerSecond) => new RateLimitingOptions { PerKeyPermitsPerSecond = permits },
            nameof(RateLimitingOptions.PerIpPermitsPerSecond) => new RateLimitingOptions { PerIpPermitsPerSecond = permits },
            _ => new RateLimitingOptions { AnonymousPermitsPerSecond = permits },
        };

        Assert.Equal([$"RateLimiting:{key} must be from 1 to 1000000 (was {permits})."], Problems(options));
    }

    [Fact]
    public void The_defaults_are_valid_and_a_request_waits_less_for_Redis_than_its_client_does()
    {
        var options = new RateLimitingOptions();

        Assert.Empty(Problems(options));
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.RedisSlowAnswer);
        Assert.True(options.RedisSlowAnswer < options.RedisTimeout);
    }

    private static IEnumerable<string> Problems(RateLimitingOptions options) =>
        new RateLimitingOptionsValidator().Validate(null, options).Failures ?? [];
}
