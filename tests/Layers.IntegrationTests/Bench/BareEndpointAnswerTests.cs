using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Layers.Bench.Bare;
using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Builder;
using Npgsql;

namespace Layers.IntegrationTests.Bench;

/// <summary>
/// The benchmark's baseline (bench/Layers.Bench.Bare) is only a baseline if it does what the API
/// does. Its answers to the same requests, each on its own twin of one influencer, are the API's:
/// status, Content-Type, ETag and the 200's body byte for byte (the id and updatedAt aside), the
/// error's code and message (the API's validation details are its own), and each twin's row ends
/// alike, written or left alone (xmin) alike. Its own SQL is tested here too.
/// </summary>
public sealed partial class BareEndpointAnswerTests(LayersFixture fixture)
{
    private const string UnknownId = "inf_00000000-0000-4000-8000-999999999999";
    private const string Json = "application/json";

    private static readonly string[] Genders = ["male", "female", "non_binary"];
    private static readonly string[] AgeRanges = ["teen", "young_adult", "adult", "mid_adult", "mature", "senior"];
    private static readonly string[] BrandVoices = ["witty", "professional", "warm", "casual", "educational", "authentic"];
    private static readonly string[] Languages = ["es-MX", "fr", "de-DE", "pt-BR", "zh-Hans-CN", "en"];

    // The settable columns in the order of the ChangedColumns bits.
    private static readonly string[] Columns = ["name", "gender", "age_range", "brand_voice", "language"];

    private enum Target
    {
        Twin,
        TwinWithoutPrefix,
        TwinInUpperCase,
        Unknown,
        Malformed,
        EmptyUuid,
        OtherOrg,
    }

    private enum Key
    {
        Write,
        ReadOnly,
        WrongSecret,
        None,
        Basic,
    }

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_bare_endpoint_answers_as_the_API_does_and_leaves_the_same_row()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var keys = new Dictionary<Key, string>
        {
            [Key.Write] = await tenant.CreateKeyAsync(),
            [Key.ReadOnly] = await tenant.CreateKeyAsync("influencers:read"),
        };
        keys[Key.WrongSecret] = $"{keys[Key.Write][..^1]}{(keys[Key.Write][^1] == 'a' ? 'b' : 'a')}";
        var apiTwin = (await tenant.CreateInfluencerAsync()).Id.Value;
        var bareTwin = await TwinAsync(apiTwin);
        var otherOrgs = (await (await Tenant.CreateAsync(fixture)).CreateInfluencerAsync()).Id.ToString();

        await using var bareHost = await BareHost.StartAsync(fixture.ConnectionString);
        using var api = fixture.CreateClient();

        // Stored: Ava Chen, female, young_adult, authentic, en.
        foreach (var (body, status) in Cases())
        {
            await CompareAsync(new Request(body, Status: status));
        }

        await CompareAsync(new Request("""{"name":"Liam Walker"}""", Target.TwinWithoutPrefix));
        await CompareAsync(new Request("""{"name":"Mia Rossi"}""", Target.TwinInUpperCase));
        await CompareAsync(new Request("""{"brandVoice":"warm"}""", ContentType: "application/merge-patch+json"));
        await CompareAsync(new Request("""{"brandVoice":"witty"}""", ContentType: "application/json; charset=\"UTF-8\""));
        await CompareAsync(new Request("""{"brandVoice":"casual"}""", Headers: [("Content-Encoding", "identity")]));

        await CompareAsync(new Request("""{"name":"Ava Chen"}""", Target.Unknown, Status: 404));
        await CompareAsync(new Request("""{"name":"Ava Chen"}""", Target.Malformed, Status: 404));
        await CompareAsync(new Request("""{"name":"Ava Chen"}""", Target.EmptyUuid, Status: 404));
        await CompareAsync(new Request("""{"name":"Ava Chen"}""", Target.OtherOrg, Status: 404));
        await CompareAsync(new Request("""{"gender":"robot"}""", Target.Unknown, Status: 422));

        await CompareAsync(new Request("""{"name":"Ava Chen"}""", Key: Key.WrongSecret, Status: 401));
        await CompareAsync(new Request("""{"name":"Ava Chen"}""", Key: Key.None, Status: 401));
        await CompareAsync(new Request("""{"name":"Ava Chen"}""", Key: Key.Basic, Status: 401));
        await CompareAsync(new Request("""{"gender":null}""", Key: Key.WrongSecret, Status: 401));
        await CompareAsync(new Request("""{"name":"Ava Chen"}""", Key: Key.ReadOnly, Status: 403));
        await CompareAsync(new Request("""{"gender":null}""", Key: Key.ReadOnly, Status: 403));

        await CompareAsync(new Request("""{"name":"Ava Chen"}""", ContentType: "text/plain", Status: 415));
        await CompareAsync(new Request("""{"name":"Ava Chen"}""", ContentType: "application/json; charset=latin1", Status: 415));
        await CompareAsync(new Request("""{"name":"Ava Chen"}""", ContentType: null, Status: 415));
        await CompareAsync(new Request("""{"name":"Ava Chen"}""", Headers: [("Content-Encoding", "gzip")], Status: 415));
        await CompareAsync(new Request("""{"name":"Ava Chen"}""", Target.Unknown, ContentType: "text/plain", Status: 415));
        await CompareAsync(new Request(string.Empty, ContentType: null, Status: 422));
        await CompareAsync(new Request($$"""{"name":"{{new string('a', 17 * 1024)}}"}""", Status: 413));
        await CompareAsync(new Request($$"""{"name":"{{new string('a', 17 * 1024)}}"}""", ContentType: "text/plain", Status: 415));

        // A deleted influencer is not found by either.
        await using (var connection = await fixture.DataSource.OpenConnectionAsync(CancellationToken))
        {
            await connection.ExecuteAsync("UPDATE influencers SET deleted_at = now() WHERE id = ANY(@Ids)", new { Ids = new[] { apiTwin, bareTwin } });
        }

        await CompareAsync(new Request("""{"name":"Noah Patel"}""", Status: 404));

        async Task CompareAsync(Request request)
        {
            var before = (Api: await RowAsync(apiTwin), Bare: await RowAsync(bareTwin));
            var apiAnswer = await SendAsync(api, request, Path(request.Target, apiTwin, otherOrgs), keys);
            var bareAnswer = await SendAsync(bareHost.Client, request, Path(request.Target, bareTwin, otherOrgs), keys);
            var after = (Api: await RowAsync(apiTwin), Bare: await RowAsync(bareTwin));

            var context = $"{request} answered by the API with {apiAnswer}";
            Assert.True(request.Status == apiAnswer.Status, context);
            Assert.True(apiAnswer == bareAnswer with { Body = bareAnswer.Body.Replace(bareTwin.ToString("D"), apiTwin.ToString("D"), StringComparison.Ordinal) }, $"{context}, by the bare endpoint with {bareAnswer}");
            Assert.True(after.Api == after.Bare with { Xmin = after.Api.Xmin, UpdatedAt = after.Api.UpdatedAt }, $"{request}: rows {after.Api} and {after.Bare}");
            Assert.True(
                (after.Api.Xmin != before.Api.Xmin, after.Api.UpdatedAt != before.Api.UpdatedAt) == (after.Bare.Xmin != before.Bare.Xmin, after.Bare.UpdatedAt != before.Bare.UpdatedAt),
                $"{request}: the API's row went from {before.Api} to {after.Api}, the bare endpoint's from {before.Bare} to {after.Bare}");
        }

        async Task<Guid> TwinAsync(Guid id)
        {
            var twin = Guid.NewGuid();
            await using var connection = await fixture.DataSource.OpenConnectionAsync(CancellationToken);
            await connection.ExecuteAsync(
                """
                INSERT INTO influencers (org_id, id, project_id, name, gender, age_range, brand_voice, language, status, created_at, updated_at, deleted_at, version)
                SELECT org_id, @Twin, project_id, name, gender, age_range, brand_voice, language, status, created_at, updated_at, deleted_at, version
                FROM influencers WHERE id = @Id
                """,
                new { Twin = twin, Id = id });
            return twin;
        }
    }

    [Fact]
    public async Task A_patch_of_the_value_already_stored_writes_nothing()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var key = await tenant.CreateKeyAsync();
        var id = (await tenant.CreateInfluencerAsync()).Id.Value;
        await using var bareHost = await BareHost.StartAsync(fixture.ConnectionString);
        var before = await RowAsync(id);

        var answer = await SendAsync(bareHost.Client, new Request("""{"name":"Ava Chen","brandVoice":"authentic","language":"EN"}"""), $"/v1/influencers/inf_{id}", new() { [Key.Write] = key });

        Assert.Equal(200, answer.Status);
        Assert.Equal("\"v1\"", answer.ETag);
        Assert.Equal(before, await RowAsync(id));
    }

    [Fact]
    public async Task Every_combination_of_changed_columns_has_a_valid_update_that_sets_those_columns_alone()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var orgId = tenant.Org.Id.Value;
        var id = (await tenant.CreateInfluencerAsync()).Id.Value;
        await using var connection = await fixture.DataSource.OpenConnectionAsync(CancellationToken);
        var row = await InfluencerTable.FindAsync(connection, orgId, id, CancellationToken);
        Assert.NotNull(row);

        for (var columns = ChangedColumns.Name; columns <= ChangedColumns.All; columns++)
        {
            var n = (int)columns;
            var values = new InfluencerValues
            {
                Name = $"Combination {n}",
                Gender = Genders[n % 3],
                SetsAgeRange = true,
                AgeRange = n % 2 == 0 ? null : AgeRanges[n % 6], // cleared as well as set
                BrandVoice = BrandVoices[n % 6],
                Language = Languages[n % 6],
            };
            var now = DateTime.UtcNow;
            var expected = row with
            {
                Name = columns.HasFlag(ChangedColumns.Name) ? values.Name : row.Name,
                Gender = columns.HasFlag(ChangedColumns.Gender) ? values.Gender! : row.Gender,
                AgeRange = columns.HasFlag(ChangedColumns.AgeRange) ? values.AgeRange : row.AgeRange,
                BrandVoice = columns.HasFlag(ChangedColumns.BrandVoice) ? values.BrandVoice! : row.BrandVoice,
                Language = columns.HasFlag(ChangedColumns.Language) ? values.Language! : row.Language,
                UpdatedAt = new DateTime(now.Ticks / 10 * 10, DateTimeKind.Utc), // PostgreSQL keeps microseconds
                Version = row.Version + 1,
            };

            var written = await InfluencerTable.UpdateAsync(connection, orgId, id, columns, values, now, CancellationToken);

            Assert.Equal(expected, written);
            Assert.Equal(expected, await InfluencerTable.FindAsync(connection, orgId, id, CancellationToken));
            var set = SetClause().Match(InfluencerTable.UpdateText(columns)).Groups[1].Value;
            Assert.Equal(
                [.. Columns.Where((_, bit) => columns.HasFlag((ChangedColumns)(1 << bit))), "updated_at", "version"],
                set.Split(',').Select(assignment => assignment.Split('=')[0].Trim()));
            row = written!;
        }
    }

    [Fact]
    public async Task Concurrent_patches_of_different_fields_on_the_bare_endpoint_lose_no_update()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var key = await tenant.CreateKeyAsync();
        var id = (await tenant.CreateInfluencerAsync()).Id.Value;
        await using var bareHost = await BareHost.StartAsync(fixture.ConnectionString);
        var keys = new Dictionary<Key, string> { [Key.Write] = key };
        var path = $"/v1/influencers/inf_{id}";
        var version = (await RowAsync(id)).Version;

        for (var round = 0; round < 20; round++)
        {
            // Five PATCHes at once, each of another field and each a change: every one reads the
            // row before any writes it, and only the changed-columns UPDATE keeps all five.
            string[] bodies =
            [
                $$"""{"name":"Round {{round}}"}""",
                $$"""{"gender":"{{Genders[round % 3]}}"}""",
                $$"""{"ageRange":"{{AgeRanges[round % 6]}}"}""",
                $$"""{"brandVoice":"{{BrandVoices[round % 6]}}"}""",
                $$"""{"language":"{{Languages[round % 6]}}"}""",
            ];
            var answers = await Task.WhenAll(bodies.Select(body => SendAsync(bareHost.Client, new Request(body), path, keys)));

            Assert.All(answers, answer => Assert.Equal(200, answer.Status));
            var row = await RowAsync(id);
            Assert.Equal(
                (Name: $"Round {round}", Gender: Genders[round % 3], AgeRange: AgeRanges[round % 6], BrandVoice: BrandVoices[round % 6], Language: Languages[round % 6], Version: version + 5),
                (row.Name, row.Gender, AgeRange: row.AgeRange!, row.BrandVoice, row.Language, row.Version));
            version = row.Version;
        }
    }

    /// <summary>
    /// The bodies the benchmark sends (every field, every value), then the rest of what the
    /// contract says about bodies, valid or not; stored first: Ava Chen, female, young_adult,
    /// authentic, en.
    /// </summary>
    private static IEnumerable<(string Body, int Status)> Cases()
    {
        yield return ("""{"brandVoice":"authentic"}""", 200); // already stored: no write
        foreach (var (field, _, values) in BenchWorkload.Fields)
        {
            foreach (var value in values)
            {
                yield return ($$"""{"{{field}}":"{{value}}"}""", 200);
            }
        }

        yield return ("""{"ageRange":null}""", 200);
        yield return ("""{"ageRange":null}""", 200); // already cleared
        yield return ("""{"language":"ES-mx"}""", 200); // stored as es-MX
        yield return ("""{"language":"es-MX"}""", 200);
        yield return ("""{"language":"EN-gb-OED"}""", 200);
        yield return ("""{"language":"sr-latn-rs-x-Private"}""", 200);
        yield return ("""{"brandVoice":"casual","language":"pt-BR","ageRange":"teen","name":"Mia Rossi","gender":"male"}""", 200);
        yield return ("""{"name":" Ava \"Chen\" <b>&amp;</b> é \u00e9 😀 \u2028"}""", 200);
        yield return ($$"""{"name":"{{new string('x', 128)}}"}""", 200);

        yield return ("""{"gender":null}""", 422);
        yield return ("""{"gender":"robot"}""", 422);
        yield return ("""{"gender":"Male"}""", 422);
        yield return ("""{"brandVoice":null}""", 422);
        yield return ("""{"language":null}""", 422);
        yield return ("""{"name":null}""", 422);
        yield return ("""{"name":""}""", 422);
        yield return ("""{"name":" \t "}""", 422);
        yield return ("""{"name":"\u200b\u2060"}""", 422);
        yield return ("""{"name":"a\u0007b"}""", 422);
        yield return ("""{"name":"\ud800"}""", 422);
        yield return ($$"""{"name":"{{new string('x', 129)}}"}""", 422);
        yield return ("""{"language":"en_US"}""", 422);
        yield return ("""{"language":"de-1996-1996"}""", 422);
        yield return ("""{"language":"en-a-bbb-A-ccc"}""", 422);
        yield return ("""{"language":"x-"}""", 422);
        yield return ("""{"language":"a-DE"}""", 422);
        yield return ("""{"language":"en-US "}""", 422);
        yield return ($$"""{"language":"x{{string.Concat(Enumerable.Repeat("-abcdefgh", 29))}}"}""", 422); // well-formed, 262 characters
        yield return ("""{"nickname":"Ava"}""", 422);
        yield return ("""{"name":"Ava","name":"Noah"}""", 422);
        yield return ("""{"name":1}""", 422);
        yield return ("""{"brandVoice":true}""", 422);
        yield return ("""{"ageRange":[]}""", 422);
        yield return ("""{"ageRange":{"a":1}}""", 422);
        yield return ("""{}""", 422);
        yield return ("""[]""", 422);
        yield return ("""null""", 422);
        yield return (""" "authentic" """, 422);
        yield return ("""{"name":"Ava"} {}""", 422);
        yield return ("""{"name":"Ava",}""", 422);
        yield return ("""{"name":"Ava" """, 422);
        yield return ("""{"name":"Ava", "gender":"robot", "x":1}""", 422);
    }

    private static string Path(Target target, Guid twin, string otherOrgs) => "/v1/influencers/" + target switch
    {
        Target.Twin => $"inf_{twin:D}",
        Target.TwinWithoutPrefix => twin.ToString("D"),
        Target.TwinInUpperCase => $"inf_{twin.ToString("D").ToUpperInvariant()}",
        Target.Unknown => UnknownId,
        Target.Malformed => "inf_123",
        Target.EmptyUuid => $"inf_{Guid.Empty:D}",
        _ => otherOrgs,
    };

    private static async Task<Answer> SendAsync(HttpClient client, Request request, string path, Dictionary<Key, string> keys)
    {
        using var message = new HttpRequestMessage(HttpMethod.Patch, new Uri(path, UriKind.Relative))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body)),
        };
        if (request.ContentType is not null)
        {
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }

        foreach (var (name, value) in request.Headers ?? [])
        {
            message.Content.Headers.TryAddWithoutValidation(name, value);
        }

        var authorization = request.Key switch
        {
            Key.None => null,
            Key.Basic => "Basic YTpi",
            var key => $"Bearer {keys[key]}",
        };
        if (authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.SendAsync(message, CancellationToken);
        var body = await response.Content.ReadAsStringAsync(CancellationToken);
        var requestId = response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.Single() : null;
        Assert.Matches(RequestIdFormat(), requestId ?? string.Empty);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        if (response.IsSuccessStatusCode)
        {
            Assert.Matches(UpdatedAtFormat(), body);
            body = UpdatedAtFormat().Replace(body, "\"updatedAt\":\"(set aside)\"");
        }
        else
        {
            // The error's code and message; its request id is the header's; details are the API's own.
            var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
            Assert.Equal(requestId, error.GetProperty("requestId").GetString());
            body = $"{error.GetProperty("code").GetString()}: {error.GetProperty("message").GetString()}";
        }

        return new Answer(
            (int)response.StatusCode,
            response.Content.Headers.ContentType?.ToString(),
            response.Headers.ETag?.ToString(),
            response.Headers.WwwAuthenticate.ToString(),
            body);
    }

    /// <summary>The row as stored, with its xmin, which moves whenever the row is written.</summary>
    private async Task<StoredRow> RowAsync(Guid id)
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync(CancellationToken);
        return await connection.QuerySingleAsync<StoredRow>(
            """
            SELECT name AS Name, gender AS Gender, age_range AS AgeRange, brand_voice AS BrandVoice, language AS Language,
                   status AS Status, created_at AS CreatedAt, updated_at AS UpdatedAt, deleted_at AS DeletedAt, version AS Version,
                   xmin::text::bigint AS Xmin
            FROM influencers WHERE id = @Id
            """,
            new { Id = id });
    }

    [GeneratedRegex("^req_[0-9a-z]{24}$")]
    private static partial Regex RequestIdFormat();

    [GeneratedRegex("\"updatedAt\":\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\"")]
    private static partial Regex UpdatedAtFormat();

    [GeneratedRegex(@"\bSET (.*?)\s+WHERE", RegexOptions.Singleline)]
    private static partial Regex SetClause();

    private sealed record Request(
        string Body,
        Target Target = Target.Twin,
        string? ContentType = Json,
        (string Name, string Value)[]? Headers = null,
        Key Key = Key.Write,
        int Status = 200)
    {
        public override string ToString() =>
            $"PATCH {Target} {Body[..Math.Min(Body.Length, 120)]} ({ContentType ?? "no Content-Type"}{string.Concat((Headers ?? []).Select(h => $", {h.Name}: {h.Value}"))}, key {Key})";
    }

    private sealed record Answer(int Status, string? ContentType, string? ETag, string WwwAuthenticate, string Body);

    private sealed record StoredRow(
        string Name,
        string Gender,
        string? AgeRange,
        string BrandVoice,
        string Language,
        string Status,
        DateTime CreatedAt,
        DateTime UpdatedAt,
        DateTime? DeletedAt,
        long Version,
        long Xmin);

    /// <summary>The bare endpoint in this process, started once the test's keys exist: it reads them at start.</summary>
    private sealed class BareHost : IAsyncDisposable
    {
        private readonly NpgsqlDataSource dataSource;
        private readonly WebApplication app;

        private BareHost(NpgsqlDataSource dataSource, WebApplication app)
        {
            this.dataSource = dataSource;
            this.app = app;
            Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        }

        public HttpClient Client { get; }

        public static async Task<BareHost> StartAsync(string connectionString)
        {
            var dataSource = BareServer.CreateDataSource(connectionString);
            var app = await BareServer.CreateAsync(["--urls", "http://127.0.0.1:0"], dataSource);
            await app.StartAsync(CancellationToken);
            return new BareHost(dataSource, app);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await app.DisposeAsync();
            await dataSource.DisposeAsync();
        }
    }
}
