using Layers.Api.Middleware;

namespace Layers.Api.Tests.Middleware;

public sealed class RequestLimitsOptionsTests
{
    /// <summary>Kestrel checks a body's arrival once a second, and needs more than one to check it at all.</summary>
    [Theory]
    [InlineData(0, "Requests:BodyTimeout must be from 00:00:02 to 00:05:00 (was 00:00:00).")]
    [InlineData(1000, "Requests:BodyTimeout must be from 00:00:02 to 00:05:00 (was 00:00:01).")]
    [InlineData(2500, "Requests:BodyTimeout must be whole seconds (was 00:00:02.5000000).")]
    [InlineData(301_000, "Requests:BodyTimeout must be from 00:00:02 to 00:05:00 (was 00:05:01).")]
    public void A_body_timeout_not_in_whole_seconds_from_2_to_300_is_refused(int milliseconds, string problem) =>
        Assert.Equal([problem], Problems(new RequestLimitsOptions { BodyTimeout = TimeSpan.FromMilliseconds(milliseconds) }));

    [Theory]
    [InlineData(0, "Requests:DatabaseDeadline must be from 00:00:00.0010000 to 00:05:00 (was 00:00:00).")]
    [InlineData(-1000, "Requests:DatabaseDeadline must be from 00:00:00.0010000 to 00:05:00 (was -00:00:01).")]
    public void A_database_deadline_that_is_not_positive_is_refused(int milliseconds, string problem) =>
        Assert.Equal([problem], Problems(new RequestLimitsOptions { DatabaseDeadline = TimeSpan.FromMilliseconds(milliseconds) }));

    [Fact]
    public void The_default_body_timeout_is_Kestrels_grace_period_for_a_body()
    {
        var options = new RequestLimitsOptions();

        Assert.Empty(Problems(options));
        Assert.Equal(TimeSpan.FromSeconds(5), options.BodyDataRate.GracePeriod);
    }

    private static IEnumerable<string> Problems(RequestLimitsOptions options) =>
        new RequestLimitsOptionsValidator().Validate(null, options).Failures ?? [];
}
