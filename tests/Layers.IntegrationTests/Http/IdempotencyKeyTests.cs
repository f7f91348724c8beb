using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Dapper;
using Layers.Application.Influencers;
using Layers.Infrastructure.Persistence.Repositories;
using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Layers.IntegrationTests.Http;

/// <summary>
/// <c>Idempotency-Key</c> on <c>POST /v1/influencers</c> and on clone: one execution per key and org, retries
/// answered from the record, the record consistent with the rows it describes.
/// </summary>
[Collection(nameof(IdempotencyKeysOneAtATime))]
public sealed class IdempotencyKeyTests(LayersFixture fixture)
{
    private const string Header = "Idempotency-Key";
    private const string Reused = "This Idempotency-Key was already used for a different request (another method, path or body). Use a new key for each new request.";
    private const string InProgress = "A request with this Idempotency-Key is still in progress. Retry after Retry-After seconds to get its outcome.";

    [Fact]
    public async Task A_retried_create_answers_the_recorded_outcome_again_and_creates_one_influencer()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();
        var key = NewKey();

        using var first = await CreateAsync(client, Body(tenant), key);
        using var retry = await CreateAsync(client, Body(tenant), key);

        await AssertReplayedAsync(first, retry);
        Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    [Fact]
    public async Task A_retried_clone_answers_the_recorded_outcome_again_and_makes_one_copy()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var source = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();
        var key = NewKey();

        using var first = await CloneAsync(client, source.Id.ToString(), key);
        using var retry = await CloneAsync(client, source.Id.ToString(), key);

        await AssertReplayedAsync(first, retry);
        Assert.Equal(2, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    /// <summary>
    /// A record kept by an earlier version, which recorded the HTTP answer rather than the result,
    /// still answers its retry the same for the rest of its retention.
    /// </summary>
    [Fact]
    public async Task A_retried_create_recorded_as_its_http_answer_by_an_earlier_version_is_answered_the_same()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();
        var key = NewKey();
        using var first = await CreateAsync(client, Body(tenant), key);
        var answer = new JsonObject
        {
            ["status"] = 201,
            ["contentType"] = first.Content.Headers.ContentType?.ToString(),
            ["location"] = first.Headers.Location?.ToString(),
            ["entityTag"] = first.Headers.ETag?.ToString(),
            ["body"] = await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken),
        };
        await using (var connection = await fixture.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken))
        {
            Assert.Equal(1, await connection.ExecuteAsync(
                "UPDATE idempotency_keys SET outcome = @Outcome WHERE org_id = @OrgId AND idempotency_key = @Key",
                new { Outcome = answer.ToJsonString(), OrgId = tenant.Org.Id.Value, Key = key }));
        }

        using var retry = await CreateAsync(client, Body(tenant), key);

        await AssertReplayedAsync(first, retry);
        Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    /// <summary>
    /// A true retry from another client library: the same request written otherwise, in its body's
    /// JSON (Layers.Api.Tests' CanonicalJsonTests has every rule of that form) or in its path, which routing reads alike.
    /// </summary>
    [Theory]
    [InlineData("whitespace", "/v1/influencers", "{ \"projectId\" : \"{projectId}\",\r\n  \"name\" : \"Mia\",\t\"gender\" : \"female\" }")]
    [InlineData("member order", "/v1/influencers", """{"gender":"female","name":"Mia","projectId":"{projectId}"}""")]
    [InlineData("trailing newline", "/v1/influencers", "{\"projectId\":\"{projectId}\",\"name\":\"Mia\",\"gender\":\"female\"}\n")]
    [InlineData("escapes", "/v1/influencers", """{"projectId":"{projectId}","name":"\u004dia","gender":"\u0066emale"}""")]
    [InlineData("trailing slash", "/v1/influencers/", """{"projectId":"{projectId}","name":"Mia","gender":"female"}""")]
    [InlineData("path case", "/V1/Influencers", """{"projectId":"{projectId}","name":"Mia","gender":"female"}""")]
    public async Task A_create_retried_in_another_spelling_is_the_same_request_and_answered_from_the_record(string spelling, string path, string body)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();
        var key = $"{spelling}-{Guid.NewGuid()}";

        using var first = await CreateAsync(client, Body(tenant), key);
        using var retry = await PostAsync(client, path, body.Replace("{projectId}", tenant.Project.Id.ToString(), StringComparison.Ordinal), key);

        await AssertReplayedAsync(first, retry);
        Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    [Fact]
    public async Task A_clone_retried_with_the_bare_uuid_of_its_source_is_the_same_request_and_answered_from_the_record()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var source = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();
        var key = NewKey();

        using var first = await CloneAsync(client, source.Id.ToString(), key);
        using var retry = await CloneAsync(client, source.Id.Value.ToString().ToUpperInvariant(), key);

        await AssertReplayedAsync(first, retry);
        Assert.Equal(2, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    [Fact]
    public async Task A_key_used_again_to_clone_another_influencer_is_refused()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var source = await tenant.CreateInfluencerAsync();
        var other = await tenant.CreateInfluencerAsync("Kai Chen");
        using var client = await tenant.ClientAsync();
        var key = NewKey();
        using var first = await CloneAsync(client, source.Id.ToString(), key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var another = await CloneAsync(client, other.Id.ToString(), key);

        await ApiAssert.ErrorAsync(another, (HttpStatusCode)422, "IDEMPOTENCY_KEY_REUSED", Reused);
        Assert.Equal(3, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    [Fact]
    public async Task Concurrent_creates_with_one_key_are_carried_out_once()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();
        var key = NewKey();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => CreateAsync(client, Body(tenant), key)));

        try
        {
            TestContext.Current.TestOutputHelper?.WriteLine(string.Join(' ', responses.Select(response =>
                $"{(int)response.StatusCode}{(response.Headers.Contains("Idempotent-Replayed") ? "r" : string.Empty)}")));
            var executed = Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Created && !response.Headers.Contains("Idempotent-Replayed"));
            var record = await executed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            foreach (var other in responses.Where(response => response != executed))
            {
                if (other.StatusCode == HttpStatusCode.Conflict)
                {
                    await ApiAssert.ErrorAsync(other, HttpStatusCode.Conflict, "CONFLICT", InProgress);
                    Assert.Equal("1", other.Headers.RetryAfter?.ToString());
                }
                else
                {
                    Assert.Equal(HttpStatusCode.Created, other.StatusCode);
                    Assert.Equal(["true"], other.Headers.GetValues("Idempotent-Replayed"));
                    Assert.Equal(record, await other.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                }
            }

            Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
        }
        finally
        {
            Array.ForEach(responses, response => response.Dispose());
        }
    }

    [Fact]
    public async Task A_key_used_again_for_another_body_is_refused()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();
        var key = NewKey();
        using var first = await CreateAsync(client, Body(tenant, "Mia"), key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var other = await CreateAsync(client, Body(tenant, "Kai"), key);

        await ApiAssert.ErrorAsync(other, (HttpStatusCode)422, "IDEMPOTENCY_KEY_REUSED", Reused);
        Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    [Fact]
    public async Task A_key_held_by_a_request_in_progress_answers_409_with_retry_after()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();
        var key = NewKey();
        await InsertClaimInProgressAsync(tenant, key, "now() + interval '1 minute'");

        using var response = await CreateAsync(client, Body(tenant), key);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.Conflict, "CONFLICT", InProgress);
        Assert.Equal("1", response.Headers.RetryAfter?.ToString());
        Assert.Equal(0, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    /// <summary>A claim left in progress (its process died) and a record past its 24 h both hold nothing.</summary>
    [Theory]
    [InlineData("in progress")]
    [InlineData("recorded")]
    public async Task An_expired_key_holds_nothing_and_the_request_runs_again(string expired)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();
        var key = NewKey();
        if (expired == "in progress")
        {
            await InsertClaimInProgressAsync(tenant, key, "now() - interval '1 second'");
        }
        else
        {
            using var recorded = await CreateAsync(client, Body(tenant), key);
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
            await ExecuteAsync("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE org_id = @OrgId AND idempotency_key = @Key", tenant, key);
        }

        using var response = await CreateAsync(client, Body(tenant), key);

        await ApiAssert.InfluencerAsync(response, HttpStatusCode.Created);
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(expired == "recorded" ? 2 : 1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
        Assert.Equal(1, await CountKeysAsync("org_id = @OrgId AND idempotency_key = @Key AND outcome IS NOT NULL AND expires_at > now() + interval '23 hours'", tenant, key));
    }

    [Fact]
    public async Task Each_claim_purges_at_most_ten_expired_keys_oldest_first()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();

        // Older than any other expired key of the run, so that they are the ones purged first.
        await ExecuteAsync(
            """
            INSERT INTO idempotency_keys (org_id, idempotency_key, request_hash, claim_id, outcome, created_at, expires_at)
            SELECT @OrgId, 'expired-' || i, sha256(''::bytea), gen_random_uuid(), '{}', now(), timestamptz '2000-01-01 00:00:00Z' + i * interval '1 second'
            FROM generate_series(0, 11) AS i
            """,
            tenant,
            string.Empty);

        using var response = await CreateAsync(client, Body(tenant), NewKey());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var connection = await fixture.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var left = await connection.QueryAsync<string>(
            "SELECT idempotency_key FROM idempotency_keys WHERE org_id = @OrgId AND expires_at <= now() ORDER BY expires_at",
            new { OrgId = tenant.Org.Id.Value });
        Assert.Equal(["expired-10", "expired-11"], left);
    }

    [Fact]
    public async Task Keys_are_scoped_to_the_org()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var other = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();
        using var otherClient = await other.ClientAsync();
        var key = NewKey();

        using var created = await CreateAsync(client, Body(tenant), key);
        using var otherCreated = await CreateAsync(otherClient, Body(other), key);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, otherCreated.StatusCode);
        Assert.False(otherCreated.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
        Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, other.Org.Id.Value));
    }

    /// <summary>
    /// The create fails after its row was written: the row is rolled back with the unrecorded
    /// outcome, the claim released, and the retry runs again.
    /// </summary>
    [Fact]
    public async Task A_failed_create_is_not_recorded_its_row_is_undone_and_a_retry_runs_again()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var token = await tenant.CreateKeyAsync();
        var failures = new StrongBox<int>();
        await using var host = fixture.AnotherHost(builder => builder.ConfigureTestServices(services =>
            services.AddScoped<IInfluencerRepository>(provider => new FailsOnceAfterAdding(ActivatorUtilities.CreateInstance<InfluencerRepository>(provider), failures))));
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var key = NewKey();

        using var failed = await CreateAsync(client, Body(tenant), key);

        await ApiAssert.ErrorAsync(failed, HttpStatusCode.InternalServerError, "INTERNAL", "An unexpected error occurred.");
        Assert.Equal(0, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
        Assert.Equal(0, await CountKeysAsync("org_id = @OrgId", tenant, key));

        using var retry = await CreateAsync(client, Body(tenant), key);

        await ApiAssert.InfluencerAsync(retry, HttpStatusCode.Created);
        Assert.False(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    /// <summary>Only successes are recorded: a refused create leaves the key free for the corrected request.</summary>
    [Fact]
    public async Task A_refused_create_is_not_recorded_and_the_key_stays_free()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();
        var key = NewKey();

        using var refused = await CreateAsync(client, $$"""{"projectId":"{{tenant.Project.Id}}","name":"Mia","gender":"x"}""", key);
        await ApiAssert.FieldErrorAsync(refused, "gender", "Invalid enum value. Expected 'male' | 'female' | 'non_binary', received 'x'");
        Assert.Equal(0, await CountKeysAsync("org_id = @OrgId", tenant, key));

        using var corrected = await CreateAsync(client, Body(tenant), key);

        await ApiAssert.InfluencerAsync(corrected, HttpStatusCode.Created);
        Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    /// <summary>Every rule of the key is the parser's (Layers.Api.Tests' IdempotencyKeyHeaderTests); here, how a refusal is answered.</summary>
    [Theory]
    [InlineData(new[] { "{256}" }, "application/json", "Expected 1 to 255 characters, received 256.")]
    [InlineData(new[] { "a", "b" }, "application/json", "Expected one Idempotency-Key header, received 2.")]
    [InlineData(new[] { "{256}" }, "text/plain", null)]
    public async Task An_invalid_key_is_refused_after_the_bodys_own_refusals_and_before_anything_is_claimed(string[] keys, string contentType, string? problem)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();
        keys = [.. keys.Select(key => key.Replace("{256}", new string('k', 256), StringComparison.Ordinal))];

        using var response = await CreateAsync(client, Body(tenant), keys, contentType);

        if (problem is null)
        {
            await ApiAssert.UnsupportedMediaTypeAsync(response);
        }
        else
        {
            var error = await ApiAssert.ErrorAsync(response, (HttpStatusCode)422, "VALIDATION", "Invalid request header.");
            var expected = new JsonObject { ["formErrors"] = new JsonArray(), ["fieldErrors"] = new JsonObject { [Header] = new JsonArray(problem) } };
            Assert.True(JsonNode.DeepEquals(expected, error.Details), error.Details?.ToJsonString());
        }

        Assert.Equal(0, await CountKeysAsync("org_id = @OrgId", tenant, string.Empty));
        Assert.Equal(0, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    [Theory]
    [InlineData("no key")]
    [InlineData("read scope only")]
    public async Task Authentication_and_scopes_are_judged_before_the_key_is_looked_at(string caller)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = caller == "no key" ? fixture.CreateClient() : await tenant.ClientAsync("influencers:read");
        var key = NewKey();

        using var response = await CreateAsync(client, Body(tenant), key);

        await (caller == "no key" ? ApiAssert.UnauthenticatedAsync(response) : ApiAssert.ForbiddenScopeAsync(response, "influencers:write"));
        Assert.Equal(0, await CountKeysAsync("idempotency_key = @Key", tenant, key));
    }

    private static string NewKey() => $"create-{Guid.NewGuid()}";

    private static string Body(Tenant tenant, string name = "Mia") =>
        $$"""{"projectId":"{{tenant.Project.Id}}","name":"{{name}}","gender":"female"}""";

    private static Task<HttpResponseMessage> CreateAsync(HttpClient client, string body, string key) =>
        CreateAsync(client, body, [key], ApiRequests.Json);

    private static async Task<HttpResponseMessage> CreateAsync(HttpClient client, string body, string[] keys, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/influencers", UriKind.Relative)) { Content = ApiRequests.Body(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        Assert.True(request.Headers.TryAddWithoutValidation(Header, keys));
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary><paramref name="retry"/> is <paramref name="first"/>'s 201 again, marked as replayed.</summary>
    private static async Task AssertReplayedAsync(HttpResponseMessage first, HttpResponseMessage retry)
    {
        var created = await ApiAssert.InfluencerAsync(first, HttpStatusCode.Created);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        var replayed = await ApiAssert.InfluencerAsync(retry, HttpStatusCode.Created);
        Assert.Equal(["true"], retry.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(created.GetRawText(), replayed.GetRawText());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.NotEqual(ApiAssert.RequestId(first), ApiAssert.RequestId(retry));
    }

    private static Task<HttpResponseMessage> CloneAsync(HttpClient client, string sourceId, string key) =>
        PostAsync(client, $"/v1/influencers/{sourceId}/clone", """{"language":"fr-CA"}""", key);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = ApiRequests.Body(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", ApiRequests.Json);
        Assert.True(request.Headers.TryAddWithoutValidation(Header, key));
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>A claim as a request in progress leaves it, or as it stays when its process died.</summary>
    private Task InsertClaimInProgressAsync(Tenant tenant, string key, string expiresAt) => ExecuteAsync(
        $"""
        INSERT INTO idempotency_keys (org_id, idempotency_key, request_hash, claim_id, outcome, created_at, expires_at)
        VALUES (@OrgId, @Key, sha256(''::bytea), gen_random_uuid(), NULL, now(), {expiresAt})
        """,
        tenant,
        key);

    private async Task ExecuteAsync(string sql, Tenant tenant, string key)
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(sql, new { OrgId = tenant.Org.Id.Value, Key = key });
    }

    private async Task<long> CountKeysAsync(string condition, Tenant tenant, string key)
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM idempotency_keys WHERE {condition}", new { OrgId = tenant.Org.Id.Value, Key = key });
    }

    /// <summary>The real repository, whose first insert is followed by a failure: a create that breaks after its write.</summary>
    /// <summary>One per request, as the repository it wraps; <paramref name="failed"/> is the host's.</summary>
    private sealed class FailsOnceAfterAdding(IInfluencerRepository inner, StrongBox<int> failed) : IInfluencerRepository
    {
        public Task<Layers.Domain.Influencers.Influencer?> FindAsync(Layers.Domain.Organizations.OrgId orgId, InfluencerId id, CancellationToken cancellationToken) =>
            inner.FindAsync(orgId, id, cancellationToken);

        public async Task AddAsync(Layers.Domain.Influencers.Influencer influencer, CancellationToken cancellationToken)
        {
            await inner.AddAsync(influencer, cancellationToken);
            if (Interlocked.Exchange(ref failed.Value, 1) == 0)
            {
                throw new InvalidOperationException("The create breaks after its write.");
            }
        }

        public Task<Layers.Domain.Influencers.Influencer?> SaveChangesAsync(Layers.Domain.Influencers.Influencer influencer, long? expectedVersion, CancellationToken cancellationToken) =>
            inner.SaveChangesAsync(influencer, expectedVersion, cancellationToken);

        public Task<IReadOnlyList<Layers.Domain.Influencers.Influencer>> ListAsync(
            Layers.Domain.Organizations.OrgId orgId, ProjectId? projectId, InfluencerListPosition? after, int count, CancellationToken cancellationToken) =>
            inner.ListAsync(orgId, projectId, after, count, cancellationToken);
    }
}
