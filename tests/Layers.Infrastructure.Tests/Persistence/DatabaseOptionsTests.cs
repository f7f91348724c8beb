using Layers.Infrastructure.Persistence;

namespace Layers.Infrastructure.Tests.Persistence;

public sealed class DatabaseOptionsTests
{
    /// <summary>The pool's minimum was once lowered to its maximum unsaid; now it is refused.</summary>
    [Fact]
    public void A_minimum_pool_larger_than_the_maximum_is_refused_not_lowered() =>
        Assert.Equal(
            ["Database:MinPoolSize must be from 0 to 10 (was 11)."],
            Problems(new DatabaseOptions { MinPoolSize = 11, MaxPoolSize = 10 }));

    [Theory]
    [InlineData(0)]
    [InlineData(1025)]
    public void A_pool_outside_the_drivers_1_to_1024_is_refused(int size) =>
        Assert.Contains($"Database:MaxPoolSize must be from 1 to 1024 (was {size}).", Problems(new DatabaseOptions { MaxPoolSize = size, MinPoolSize = 0 }));

    /// <summary>The driver counts its connect timeout in whole seconds, and reads zero as no limit at all.</summary>
    [Theory]
    [InlineData(0, "Database:ConnectTimeout must be from 00:00:01 to 00:17:04 (was 00:00:00).")]
    [InlineData(1500, "Database:ConnectTimeout must be whole seconds (was 00:00:01.5000000).")]
    public void A_connect_timeout_not_in_whole_seconds_from_1_is_refused(int milliseconds, string problem) =>
        Assert.Equal([problem], Problems(new DatabaseOptions { ConnectTimeout = TimeSpan.FromMilliseconds(milliseconds) }));

    [Fact]
    public void A_negative_statement_cache_is_refused() =>
        Assert.Equal(["Database:MaxAutoPrepare must be from 0 to 1024 (was -1)."], Problems(new DatabaseOptions { MaxAutoPrepare = -1 }));

    [Fact]
    public void The_defaults_are_valid() =>
        Assert.Empty(Problems(new DatabaseOptions()));

    private static IEnumerable<string> Problems(DatabaseOptions options) =>
        new DatabaseOptionsValidator().Validate(null, options).Failures ?? [];
}
