namespace Layers.IntegrationTests.Hosting;

/// <summary>
/// A bad setting stops the server before it starts: exit code 1 and one line on standard error for
/// each, naming its key. What each setting accepts is the validators' unit tests'.
/// </summary>
public sealed class StartupSettingsTests
{
    [Fact]
    public async Task A_server_with_bad_settings_exits_1_with_one_line_for_each()
    {
        var result = await Operations.Cli.RunBinaryAsync(
            Operations.Cli.ApiBinary,

            // Never connected to: the settings are checked before anything starts.
            "Host=127.0.0.1;Port=1;Username=layers;Database=layers",
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["RateLimiting__RedisSlowAnswer"] = "00:00:01",
                ["Database__MinPoolSize"] = "51",
            });

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [
                "Database:MinPoolSize must be from 0 to 50 (was 51).",
                "RateLimiting:RedisSlowAnswer must be from 00:00:00.0010000 to 00:00:00.2500000 (was 00:00:01).",
            ],
            result.ErrorLines.Order(StringComparer.Ordinal));
    }
}
