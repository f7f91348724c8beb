using System.Net;
using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Layers.IntegrationTests.Http;

/// <summary>
/// A stored row that breaks a domain rule (written by hand, or by an older release) is the
/// server's fault: 500 with the envelope and an error in the log, never a 422 that blames the client.
/// </summary>
public sealed class StoredDataTests(LayersFixture fixture)
{
    [Theory]
    [InlineData("GET", null)]
    [InlineData("PATCH", """{"brandVoice":"witty"}""")]
    [InlineData("DELETE", null)]
    public async Task A_row_that_cannot_be_rebuilt_answers_500_and_is_logged_as_an_error(string method, string? body)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var key = await tenant.CreateKeyAsync();
        await using (var corrupt = fixture.DataSource.CreateCommand("UPDATE influencers SET language = 'not a tag!' WHERE org_id = $1 AND id = $2"))
        {
            corrupt.Parameters.Add(new NpgsqlParameter { Value = tenant.Org.Id.Value });
            corrupt.Parameters.Add(new NpgsqlParameter { Value = influencer.Id.Value });
            Assert.Equal(1, await corrupt.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        }

        var logs = new CapturedLogs();
        await using var host = fixture.AnotherHost(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);

        using var response = await client.SendRawAsync(method, $"/v1/influencers/{influencer.Id}", body);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.InternalServerError, "INTERNAL", "An unexpected error occurred.");
        Assert.Equal(1, logs.Count("Layers.Api.Errors.ApiExceptionHandler", LogLevel.Error, "breaks a domain rule"));
    }

    [Fact]
    public async Task A_stored_well_formed_language_tag_the_registry_lacks_stays_readable_and_patchable()
    {
        // Written before tags had to be registered (or by a release with a newer registry).
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        await using (var older = fixture.DataSource.CreateCommand("UPDATE influencers SET language = 'english' WHERE org_id = $1 AND id = $2"))
        {
            older.Parameters.Add(new NpgsqlParameter { Value = tenant.Org.Id.Value });
            older.Parameters.Add(new NpgsqlParameter { Value = influencer.Id.Value });
            Assert.Equal(1, await older.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        }

        using var client = await tenant.ClientAsync();
        using var response = await client.PatchJsonAsync(influencer.Id, """{"brandVoice":"witty"}""");

        var record = await ApiAssert.InfluencerAsync(response);
        Assert.Equal(("english", "witty"), (record.GetProperty("language").GetString(), record.GetProperty("brandVoice").GetString()));
    }
}
