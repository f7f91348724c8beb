using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Layers.Api.Binding;
using Layers.Api.Errors;
using Layers.Api.Health;
using Layers.Api.Idempotency;
using Layers.Api.Middleware;
using Layers.Api.RateLimiting;
using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Security;
using Layers.IntegrationTests.Support;
using ApiError = Layers.Api.Errors.ApiError;

namespace Layers.IntegrationTests.OpenApi;

/// <summary>
/// The document's examples against the API: every request body and every answer with content of
/// every operation has one, and each is what the API answers. Ids, times, request ids and cursors
/// differ from run to run, so both sides are compared with each of those replaced by its kind.
/// </summary>
public sealed partial class OpenApiExampleTests(LayersFixture fixture)
{
    private const string StaleTag = "\"v0\"";

    [Fact]
    public async Task Every_request_body_and_every_answer_with_content_has_an_example()
    {
        var document = await DocumentAsync();
        var missing = new List<string>();

        foreach (var (key, _, operation) in document.Operations())
        {
            if (operation.TryGetProperty("requestBody", out var body))
            {
                missing.AddRange(MediaTypesWithoutExamples(document, document.Resolve(body)).Select(mediaType => $"{key} request body, {mediaType}"));
            }

            foreach (var status in operation.GetProperty("responses").EnumerateObject())
            {
                var response = document.Resolve(status.Value);
                var hasNoContent = key.StartsWith("HEAD ", StringComparison.Ordinal) || status.Name is "204" or "304";
                if (!hasNoContent && !response.TryGetProperty("content", out _))
                {
                    missing.Add($"{key} {status.Name}: no content");
                }

                missing.AddRange(MediaTypesWithoutExamples(document, response).Select(mediaType => $"{key} {status.Name}, {mediaType}"));
            }
        }

        Assert.Empty(missing);
    }

    /// <summary>
    /// The request examples sent in the order a client would send them (create, read, patch, clone,
    /// list the first page of one), each answer equal to the operation's documented success example.
    /// </summary>
    [Fact]
    public async Task The_request_examples_get_the_documented_success_answers()
    {
        var document = await DocumentAsync();
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();
        using var anonymous = fixture.CreateClient();
        var create = RequestExample(document, "POST /v1/influencers").AsObject();
        create["projectId"] = tenant.Project.Id.ToString();

        var created = await AnswerAsync(client, "POST", "/v1/influencers", create.ToJsonString());
        AssertDocumented(document, "POST /v1/influencers", HttpStatusCode.Created, created);
        var id = created.Body!["influencerId"]!.GetValue<string>();
        AssertDocumented(document, "GET /v1/influencers/{influencerId}", HttpStatusCode.OK, await AnswerAsync(client, "GET", ApiRequests.InfluencerPath(id)));
        AssertDocumented(document, "PATCH /v1/influencers/{influencerId}", HttpStatusCode.OK,
            await AnswerAsync(client, "PATCH", ApiRequests.InfluencerPath(id), RequestExample(document, "PATCH /v1/influencers/{influencerId}").ToJsonString()));
        AssertDocumented(document, "POST /v1/influencers/{influencerId}/clone", HttpStatusCode.Created,
            await AnswerAsync(client, "POST", ApiRequests.ClonePath(id), RequestExample(document, "POST /v1/influencers/{influencerId}/clone").ToJsonString()));
        AssertDocumented(document, "GET /v1/influencers", HttpStatusCode.OK, await AnswerAsync(client, "GET", "/v1/influencers?limit=1"));
        AssertDocumented(document, "GET /healthz", HttpStatusCode.OK, await AnswerAsync(anonymous, "GET", HealthProbes.LivenessPath));
        AssertDocumented(document, "GET /readyz", HttpStatusCode.OK, await AnswerAsync(anonymous, "GET", HealthProbes.ReadinessPath));
    }

    /// <summary>
    /// For every error status an operation documents, the API's answers (each way to that status
    /// sent to the operation) are exactly the documented examples. The statuses no request here
    /// can cheaply bring about (a slow body, a key in progress, rate limits, a fault, a database
    /// down, a stopping instance) are the error map's answers, which the API writes as they are.
    /// </summary>
    [Fact]
    public async Task The_error_examples_of_every_operation_are_exactly_the_api_answers()
    {
        var document = await DocumentAsync();
        var tenant = await Tenant.CreateAsync(fixture);
        using var anonymous = fixture.CreateClient();
        using var client = await tenant.ClientAsync();
        using var readOnly = await tenant.ClientAsync(Scopes.InfluencersRead);
        using var writeOnly = await tenant.ClientAsync(Scopes.InfluencersWrite);
        var requests = new Requests(anonymous, client, readOnly, writeOnly, tenant.Project.Id.ToString(), (await tenant.CreateInfluencerAsync()).Id.ToString());
        var mismatches = new List<string>();

        foreach (var (key, _, operation) in document.Operations().Where(operation => !operation.Key.StartsWith("HEAD ", StringComparison.Ordinal)))
        {
            foreach (var status in operation.GetProperty("responses").EnumerateObject().Where(status => status.Name[0] is '4' or '5'))
            {
                var answers = new List<string>();
                foreach (var answer in await requests.ErrorAnswersAsync(key, int.Parse(status.Name, System.Globalization.CultureInfo.InvariantCulture)))
                {
                    Assert.True(status.Name == ((int)answer.Status).ToString(System.Globalization.CultureInfo.InvariantCulture), $"{key}: {answer.Status} instead of {status.Name}: {answer.Body}");
                    answers.Add(Normalized(answer.Body));
                }

                var examples = Examples(document, document.Resolve(status.Value));
                if (!answers.Order(StringComparer.Ordinal).SequenceEqual(examples.Order(StringComparer.Ordinal)))
                {
                    mismatches.Add($"{key} {status.Name}: answers{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", answers)}{Environment.NewLine}examples{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", examples)}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    private async Task<OpenApiDocument> DocumentAsync()
    {
        using var client = fixture.CreateClient();
        return await OpenApiDocument.GetAsync(client);
    }

    private static IEnumerable<string> MediaTypesWithoutExamples(OpenApiDocument document, JsonElement owner) =>
        owner.TryGetProperty("content", out var content)
            ? content.EnumerateObject()
                .Where(mediaType => !mediaType.Value.TryGetProperty("examples", out var examples)
                    || !examples.EnumerateObject().Any()
                    || examples.EnumerateObject().Any(example => !document.Resolve(example.Value).TryGetProperty("value", out _)))
                .Select(mediaType => mediaType.Name)
            : [];

    /// <summary>The JSON examples of a request body or response, normalized.</summary>
    private static List<string> Examples(OpenApiDocument document, JsonElement owner) =>
        [.. owner.GetProperty("content").GetProperty("application/json").GetProperty("examples").EnumerateObject()
            .Select(example => Normalized(JsonNode.Parse(document.Resolve(example.Value).GetProperty("value").GetRawText())))];

    private static JsonNode RequestExample(OpenApiDocument document, string key) =>
        JsonNode.Parse(document.Resolve(Assert.Single(document.Resolve(document.Operation(key).GetProperty("requestBody"))
            .GetProperty("content").GetProperty("application/json").GetProperty("examples").EnumerateObject()).Value).GetProperty("value").GetRawText())!;

    private static void AssertDocumented(OpenApiDocument document, string key, HttpStatusCode status, Answer answer)
    {
        Assert.True(status == answer.Status, $"{key}: {answer.Status} {answer.Body}");
        var examples = Examples(document, document.Resolve(document.Operation(key).GetProperty("responses").GetProperty(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var normalized = Normalized(answer.Body);
        Assert.True(examples.Contains(normalized), $"{key}: the answer{Environment.NewLine}  {normalized}{Environment.NewLine}is none of the examples{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", examples)}");
    }

    private static async Task<Answer> AnswerAsync(HttpClient client, string method, string path, string? body = null, string contentType = "application/json", (string Name, string Value)? header = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        if (header is { } extra)
        {
            request.Headers.TryAddWithoutValidation(extra.Name, extra.Value);
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new Answer(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>What the API writes for an error the error map or the rate limiter gives.</summary>
    private static Answer Mapped(ApiProblem problem) =>
        new((HttpStatusCode)problem.Status, JsonSerializer.SerializeToNode(new ApiErrorEnvelope(new ApiError(problem.Code, problem.Message, "req_0", problem.Details)), ApiJson.Options));

    /// <summary>Compact JSON with ids, times, request ids and cursors replaced by their kind.</summary>
    private static string Normalized(JsonNode? node) => Normalize(node?.DeepClone(), null)?.ToJsonString() ?? "null";

    private static JsonNode? Normalize(JsonNode? node, string? name)
    {
        switch (node)
        {
            case JsonObject members:
                foreach (var (key, value) in members.ToList())
                {
                    members[key] = Normalize(value, key);
                }

                return members;
            case JsonArray items:
                for (var index = 0; index < items.Count; index++)
                {
                    items[index] = Normalize(items[index]?.DeepClone(), null);
                }

                return items;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                return name == "nextCursor" ? "<cursor>"
                    : InfluencerId().IsMatch(text) ? "inf_<uuid>"
                    : ProjectId().IsMatch(text) ? "prj_<uuid>"
                    : RequestId().IsMatch(text) ? "req_<id>"
                    : Timestamp().IsMatch(text) ? "<time>"
                    : text;
            default:
                return node;
        }
    }

    [GeneratedRegex("^inf_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex InfluencerId();

    [GeneratedRegex("^prj_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex ProjectId();

    [GeneratedRegex("^req_[0-9a-z]+$")]
    private static partial Regex RequestId();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    private static partial Regex Timestamp();

    private sealed record Answer(HttpStatusCode Status, JsonNode? Body);

    /// <summary>The ways to each error status of each operation, for one org.</summary>
    private sealed record Requests(HttpClient Anonymous, HttpClient Client, HttpClient ReadOnly, HttpClient WriteOnly, string ProjectId, string InfluencerId)
    {
        private const string InvalidLanguage = "english";

        public async Task<IReadOnlyList<Answer>> ErrorAnswersAsync(string key, int status)
        {
            var (method, path) = (key.Split(' ')[0], key.Split(' ')[1]);
            var existing = path.Replace("{influencerId}", InfluencerId, StringComparison.Ordinal);
            var missing = path.Replace("{influencerId}", $"inf_{Guid.NewGuid()}", StringComparison.Ordinal);
            var body = ValidBody(key);
            var writes = method is not "GET";
            return status switch
            {
                401 => [await AnswerAsync(Anonymous, method, existing, body)],
                403 => [await AnswerAsync(writes ? ReadOnly : WriteOnly, method, existing, body)],
                404 => [await AnswerAsync(Client, method, missing, body)],
                412 => [await AnswerAsync(Client, method, existing, body, header: ("If-Match", StaleTag))],
                413 => [await AnswerAsync(Client, method, missing, ApiRequests.PadTo(body!, JsonObjectBody.MaxBytes + 1))],
                415 => [await AnswerAsync(Client, method, missing, "x", "text/plain")],
                422 when body is null => [await AnswerAsync(Client, method, path + "?limit=0")],
                422 when key == "PATCH /v1/influencers/{influencerId}" => [await AnswerAsync(Client, method, existing, WithLanguage(body!, InvalidLanguage))],
                422 => [
                    await AnswerAsync(Client, method, existing, WithLanguage(body!, InvalidLanguage)),
                    await AnswerAsync(Client, method, existing, body, header: (IdempotencyKeyHeader.Name, new string('k', IdempotencyKeyHeader.MaxLength + 1))),
                    await ReusedKeyAsync(method, existing, body!),
                ],
                408 => [Mapped(ApiExceptionMapper.Map(new RequestBodyTimeoutException()))],
                409 => [Mapped(ApiExceptionMapper.Map(new IdempotencyKeyInProgressException()))],
                429 => [Mapped(ApiRateLimiting.Problem(1))],
                500 => [Mapped(ApiExceptionMapper.Map(new InvalidOperationException()))],
                503 when path == HealthProbes.ReadinessPath => [Mapped(ApiExceptionMapper.Unavailable), Mapped(ApiExceptionMapper.ShuttingDown)],
                503 => [Mapped(ApiExceptionMapper.Unavailable)],
                _ => throw new InvalidOperationException($"{key} documents {status}, which this test cannot bring about."),
            };
        }

        /// <summary>A body the operation accepts, or null for an operation that reads none.</summary>
        private string? ValidBody(string key) => key switch
        {
            "POST /v1/influencers" => $$"""{"projectId":"{{ProjectId}}","name":"Ava Chen","gender":"female"}""",
            "PATCH /v1/influencers/{influencerId}" => """{"brandVoice":"casual"}""",
            "POST /v1/influencers/{influencerId}/clone" => """{"language":"es-MX"}""",
            _ => null,
        };

        private static string WithLanguage(string body, string language)
        {
            var json = JsonNode.Parse(body)!.AsObject();
            json["language"] = language;
            return json.ToJsonString();
        }

        /// <summary>A key used once, then again for another body.</summary>
        private async Task<Answer> ReusedKeyAsync(string method, string path, string body)
        {
            var key = (IdempotencyKeyHeader.Name, Guid.NewGuid().ToString());
            var first = await AnswerAsync(Client, method, path, body, header: key);
            Assert.Equal(HttpStatusCode.Created, first.Status);
            var other = JsonNode.Parse(body)!.AsObject();
            other["name"] = "Another name";
            return await AnswerAsync(Client, method, path, other.ToJsonString(), header: key);
        }
    }
}
