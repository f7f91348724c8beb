using Layers.Api.Http;

namespace Layers.Api.Tests.Http;

public sealed class RateLimitingOptionsTests
{
    [Theory]
    [InlineData(0, 100)]
    [InlineData(-1, 100)]
    [InlineData(250, 0)]
    [InlineData(250, -1)]
    [InlineData(250, 251)]
    public void Redis_waits_that_cannot_be_honoured_are_refused_at_start(int timeoutMilliseconds, int slowAnswerMilliseconds) =>
        Assert.Throws<InvalidOperationException>(() => new RateLimitingOptions
        {
            RedisTimeout = TimeSpan.FromMilliseconds(timeoutMilliseconds),
            RedisSlowAnswer = TimeSpan.FromMilliseconds(slowAnswerMilliseconds),
        }.Validated());

    [Fact]
    public void The_defaults_are_valid_and_a_request_waits_less_for_Redis_than_its_client_does()
    {
        var options = new RateLimitingOptions().Validated();

        Assert.Equal(TimeSpan.FromMilliseconds(100), options.RedisSlowAnswer);
        Assert.True(options.RedisSlowAnswer < options.RedisTimeout);
    }
}
