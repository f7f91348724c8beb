using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Layers.Api.Binding;
using Layers.Api.Errors;
using Layers.Api.Idempotency;
using Layers.Api.Middleware;
using Layers.Api.Security;
using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Idempotency;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Queries.ListInfluencers;
using Layers.Domain.Common;
using Layers.Domain.Influencers;
using Layers.IntegrationTests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ApiError = Layers.IntegrationTests.Support.ApiError;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Layers.IntegrationTests.OpenApi;

/// <summary>
/// The hand-written document against the code. Each truth is taken from the running app (its
/// endpoints and their metadata, its answers to probing requests), from the error map, from the
/// response type as the app serializes it, from the enums' wire names or from the Domain's limits,
/// never from the document itself.
/// </summary>
public sealed class OpenApiContractTests(LayersFixture fixture)
{
    private const string UnrecognizedField = "Unrecognized field.";
    private const string Required = "Required";
    private const string ProbeField = "notAField";
    private const string UnrecognizedParameter = "Unrecognized parameter.";
    private const string ProbeParameter = "notAParameter";

    private static Task<(Tenant Tenant, string Token)>? probe;

    [Fact]
    public async Task Every_route_of_the_app_is_documented_with_its_methods_and_nothing_else()
    {
        var document = await DocumentAsync();

        var routed = AppOperation.All(fixture).Select(operation => operation.Key);

        Assert.Contains("HEAD /v1/influencers/{influencerId}", routed);
        Assert.Equal(routed, document.Operations().Select(operation => operation.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_path_parameter_is_a_route_parameter_of_the_app()
    {
        var document = await DocumentAsync();

        foreach (var operation in AppOperation.All(fixture))
        {
            var documented = document.Operations().SingleOrDefault(candidate => candidate.Key == operation.Key);
            Assert.True(documented.Key is not null, $"{operation.Key} is not documented");
            var parameters = new[] { documented.PathItem, documented.Operation }
                .SelectMany(owner => owner.TryGetProperty("parameters", out var list) ? list.EnumerateArray() : Enumerable.Empty<JsonElement>())
                .Select(document.Resolve)
                .Where(parameter => parameter.GetProperty("in").GetString() == "path")
                .Select(parameter => parameter.GetProperty("name").GetString()!);
            Assert.Equal(operation.RouteParameters.Order(StringComparer.Ordinal), parameters.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Every_operation_documents_exactly_the_statuses_it_can_answer()
    {
        var document = await DocumentAsync();
        var bodyReaders = await BodyReadingOperationsAsync();
        var queryReaders = await QueryReadingOperationsAsync();

        var operations = AppOperation.All(fixture);
        var expected = operations.Select(operation => Describe(operation.Key, StatusesOf(operation, bodyReaders.Contains(operation.Key), queryReaders.Contains(operation.Key))));
        var documented = operations.Select(operation => Describe(operation.Key,
            document.Operation(operation.Key).GetProperty("responses").EnumerateObject().Select(response => int.Parse(response.Name, System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Equal(expected, documented);
    }

    [Fact]
    public async Task Exactly_the_operations_that_read_a_body_document_one_in_the_media_types_the_api_accepts()
    {
        var document = await DocumentAsync();
        var bodyReaders = await BodyReadingOperationsAsync();

        Assert.Equal(["PATCH /v1/influencers/{influencerId}", "POST /v1/influencers", "POST /v1/influencers/{influencerId}/clone"], bodyReaders.Order(StringComparer.Ordinal));
        Assert.Equal(
            bodyReaders.Order(StringComparer.Ordinal),
            document.Operations().Where(operation => operation.Operation.TryGetProperty("requestBody", out _)).Select(operation => operation.Key).Order(StringComparer.Ordinal));
        foreach (var key in bodyReaders)
        {
            var content = document.Resolve(document.Operation(key).GetProperty("requestBody")).GetProperty("content");
            var mediaTypes = content.EnumerateObject().Select(mediaType => mediaType.Name).ToList();
            using var client = await ProbingClientAsync();
            foreach (var mediaType in mediaTypes)
            {
                using var response = await client.SendRawAsync(key.Split(' ')[0], PathFor(key), "[]", mediaType);
                Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            }
        }
    }

    [Fact]
    public async Task The_influencer_schema_has_exactly_the_fields_the_api_serializes_all_required_and_nullable_as_in_the_code()
    {
        var document = await DocumentAsync();
        var options = JsonOptions().SerializerOptions;
        var serialized = SerializedInfluencerFields();
        var nullability = new NullabilityInfoContext();
        var nullable = options.GetTypeInfo(typeof(InfluencerResponse)).Properties
            .Where(property => property.AttributeProvider is PropertyInfo info && nullability.Create(info).ReadState == NullabilityState.Nullable)
            .Select(property => property.Name);

        var schema = document.Schema("Influencer");

        Assert.Equal(serialized, OpenApiDocument.PropertyNames(schema));
        Assert.Equal(serialized, OpenApiDocument.Required(schema));
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(nullable, schema.GetProperty("properties").EnumerateObject()
            .Where(property => OpenApiDocument.AllowsNull(document.Resolve(property.Value))).Select(property => property.Name));
    }

    [Fact]
    public async Task The_influencer_page_schema_has_exactly_the_fields_the_api_serializes_a_list_of_influencers_and_a_nullable_cursor()
    {
        var document = await DocumentAsync();
        var serialized = JsonSerializer.SerializeToNode(new InfluencerPage([], null), JsonOptions().SerializerOptions)!.AsObject().Select(property => property.Key).ToList();

        var schema = document.Schema("InfluencerPage");

        Assert.Equal(serialized, OpenApiDocument.PropertyNames(schema));
        Assert.Equal(serialized, OpenApiDocument.Required(schema));
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        var data = schema.GetProperty("properties").GetProperty("data");
        Assert.Equal(("array", "#/components/schemas/Influencer"), (data.GetProperty("type").GetString(), data.GetProperty("items").GetProperty("$ref").GetString()));
        Assert.False(OpenApiDocument.AllowsNull(data));
        Assert.True(OpenApiDocument.AllowsNull(schema.GetProperty("properties").GetProperty("nextCursor")));
    }

    /// <summary>
    /// A query string's parameters are what the API accepts: a parameter it does not know is
    /// reported as unrecognized, whatever its value. Each operation that reads its query is probed
    /// with every parameter the document names, every one the Application declares, and one that
    /// no operation has; an operation that does not read its query documents none.
    /// </summary>
    [Fact]
    public async Task Every_operation_documents_exactly_the_query_parameters_the_api_accepts()
    {
        var document = await DocumentAsync();
        var queryReaders = await QueryReadingOperationsAsync();
        var declared = typeof(ListInfluencersParameters).GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => (string)field.GetValue(null)!);
        using var client = await ProbingClientAsync();

        Assert.Equal(["GET /v1/influencers", "HEAD /v1/influencers"], queryReaders.Order(StringComparer.Ordinal));
        foreach (var operation in AppOperation.All(fixture))
        {
            var documented = QueryParameters(document, operation.Key).Select(parameter => parameter.GetProperty("name").GetString()!).ToList();
            if (!queryReaders.Contains(operation.Key))
            {
                Assert.True(documented.Count == 0, $"{operation.Key} documents query parameters it does not read");
                continue;
            }

            if (operation.Method == HttpMethods.Head)
            {
                // Its answers have no content to name what was refused: it reads as GET does.
                Assert.Equal(QueryParameters(document, $"GET {operation.Path}").Select(parameter => parameter.GetProperty("name").GetString()), documented);
                continue;
            }

            var candidates = documented.Concat(declared).Append(ProbeParameter).Distinct().ToList();
            using var response = await client.SendRawAsync(operation.Method, operation.Path + "?" + string.Join('&', candidates.Select(name => $"{Uri.EscapeDataString(name)}=x")));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var fieldErrors = (await ApiError.ReadAsync(response)).Details!["fieldErrors"]!.AsObject();

            var accepted = candidates.Where(name => fieldErrors[name]?.AsArray().Select(error => error!.GetValue<string>()).SequenceEqual([UnrecognizedParameter]) != true);
            Assert.Equal(accepted.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task The_documented_limit_bounds_and_default_are_the_code_constants_and_the_api_enforces_the_bounds()
    {
        var document = await DocumentAsync();
        var limit = Assert.Single(QueryParameters(document, "GET /v1/influencers"), parameter => parameter.GetProperty("name").GetString() == ListInfluencersParameters.Limit).GetProperty("schema");

        Assert.Equal(
            ("integer", ListInfluencersQuery.MinLimit, ListInfluencersQuery.MaxLimit, ListInfluencersQuery.DefaultLimit),
            (limit.GetProperty("type").GetString(), limit.GetProperty("minimum").GetInt32(), limit.GetProperty("maximum").GetInt32(), limit.GetProperty("default").GetInt32()));

        using var client = await ProbingClientAsync();
        var minimum = limit.GetProperty("minimum").GetInt32();
        var maximum = limit.GetProperty("maximum").GetInt32();
        foreach (var (value, status) in new[] { (minimum, HttpStatusCode.OK), (maximum, HttpStatusCode.OK), (minimum - 1, HttpStatusCode.UnprocessableEntity), (maximum + 1, HttpStatusCode.UnprocessableEntity) })
        {
            using var response = await client.ListInfluencersAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"?limit={value}"));
            Assert.True(status == response.StatusCode, $"limit={value}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Every_typed_success_response_documents_the_schema_of_its_type()
    {
        var document = await DocumentAsync();
        var schemaOf = new Dictionary<Type, string>
        {
            [typeof(InfluencerResponse)] = "#/components/schemas/Influencer",
            [typeof(InfluencerPage)] = "#/components/schemas/InfluencerPage",
        };

        foreach (var operation in AppOperation.All(fixture))
        {
            foreach (var produces in operation.Endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>())
            {
                var response = document.Resolve(document.Operation(operation.Key).GetProperty("responses").GetProperty(produces.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                var hasContent = produces.Type is { } type && type != typeof(void) && operation.Method != HttpMethods.Head;
                Assert.Equal(hasContent, response.TryGetProperty("content", out var content));
                if (hasContent)
                {
                    Assert.Equal(schemaOf[produces.Type!], content.GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
                }
            }
        }
    }

    /// <summary>
    /// A request body's fields are what the API accepts: a field it does not know is reported as
    /// unrecognized, whatever its value. Each body is probed with every field the document names,
    /// every influencer field the Application declares, every field of the influencer as the API
    /// serializes it, and one that no body has.
    /// </summary>
    [Fact]
    public async Task Every_request_body_documents_exactly_the_fields_the_api_accepts_and_is_strict()
    {
        var document = await DocumentAsync();
        var declared = typeof(InfluencerFields).GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => (string)field.GetValue(null)!)
            .Concat(SerializedInfluencerFields());
        using var client = await ProbingClientAsync();

        foreach (var key in await BodyReadingOperationsAsync())
        {
            var schema = document.RequestBodySchema(document.Operation(key));
            var documented = OpenApiDocument.PropertyNames(schema);
            var candidates = documented.Concat(declared).Append(ProbeField).Distinct().ToList();
            var body = new JsonObject(candidates.Select(name => KeyValuePair.Create(name, (JsonNode?)JsonValue.Create(true))));

            var fieldErrors = await FieldErrorsAsync(client, key, body.ToJsonString());

            var accepted = candidates.Where(name => !fieldErrors.TryGetValue(name, out var errors) || !errors.SequenceEqual([UnrecognizedField]));
            Assert.Equal(accepted.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
            Assert.Equal([UnrecognizedField], fieldErrors[ProbeField]);
            Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        }
    }

    [Fact]
    public async Task Every_request_body_requires_and_allows_null_for_exactly_what_the_api_does()
    {
        var document = await DocumentAsync();
        using var client = await ProbingClientAsync();

        foreach (var key in await BodyReadingOperationsAsync())
        {
            var schema = document.RequestBodySchema(document.Operation(key));
            var fields = OpenApiDocument.PropertyNames(schema);

            var (formErrors, missing) = await ValidationAsync(client, key, "{}");
            var required = missing.Where(field => field.Value.Contains(Required)).Select(field => field.Key);
            Assert.Equal(required.Order(StringComparer.Ordinal), OpenApiDocument.Required(schema).Order(StringComparer.Ordinal));
            Assert.Equal(formErrors.Contains("At least one field is required."), schema.TryGetProperty("minProperties", out var minimum) && minimum.GetInt32() == 1);

            var allNull = new JsonObject(fields.Select(name => KeyValuePair.Create(name, (JsonNode?)null)));
            var refused = (await ValidationAsync(client, key, allNull.ToJsonString())).FieldErrors.Keys;
            var documentedNullable = fields.Where(name => OpenApiDocument.AllowsNull(document.Resolve(schema.GetProperty("properties").GetProperty(name))));
            Assert.Equal(fields.Except(refused).Order(StringComparer.Ordinal), documentedNullable.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Every_enum_field_lists_exactly_the_wire_names_of_its_enum()
    {
        var document = await DocumentAsync();
        var enums = new Dictionary<string, IReadOnlyList<string>>
        {
            [InfluencerFields.Gender] = WireNames.All<Gender>(),
            [InfluencerFields.AgeRange] = WireNames.All<AgeRange>(),
            [InfluencerFields.BrandVoice] = WireNames.All<BrandVoice>(),
            ["status"] = WireNames.All<InfluencerStatus>(),
        };

        var fields = document.Schemas.EnumerateObject()
            .Select(schema => (schema.Name, Schema: document.Resolve(schema.Value)))
            .Where(schema => schema.Schema.TryGetProperty("properties", out _))
            .SelectMany(schema => schema.Schema.GetProperty("properties").EnumerateObject()
                .Where(property => enums.ContainsKey(property.Name))
                .Select(property => (Field: $"{schema.Name}.{property.Name}", property.Name, Values: OpenApiDocument.EnumValues(document.ResolveNonNull(property.Value)))))
            .ToList();

        Assert.Equal(["Influencer.gender", "Influencer.ageRange", "Influencer.brandVoice", "Influencer.status"],
            fields.Where(field => field.Field.StartsWith("Influencer.", StringComparison.Ordinal)).Select(field => field.Field));
        Assert.All(fields, field => Assert.True(enums[field.Name].SequenceEqual(field.Values), $"{field.Field}: [{string.Join(", ", field.Values)}]"));
        Assert.Equal(enums[InfluencerFields.Gender], OpenApiDocument.EnumValues(document.Schema("Gender")));
        Assert.Equal(enums[InfluencerFields.AgeRange], OpenApiDocument.EnumValues(document.Schema("AgeRange")));
        Assert.Equal(enums[InfluencerFields.BrandVoice], OpenApiDocument.EnumValues(document.Schema("BrandVoice")));
    }

    [Fact]
    public async Task The_error_code_enum_is_every_code_of_the_api()
    {
        var declared = typeof(ApiErrorCodes).GetFields().Select(field => (string)field.GetValue(null)!);

        var documented = OpenApiDocument.EnumValues((await DocumentAsync()).Schema("ErrorCode"));

        Assert.Equal(declared.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Length_limits_are_the_code_constants_and_the_api_enforces_them_at_the_boundary()
    {
        var document = await DocumentAsync();
        var name = document.Schema("Name");
        var language = document.Schema("Language");

        Assert.Equal((1, DisplayName.MaxLength), (name.GetProperty("minLength").GetInt32(), name.GetProperty("maxLength").GetInt32()));
        Assert.Equal(LanguageTag.MaxLength, language.GetProperty("maxLength").GetInt32());
        Assert.False(language.TryGetProperty("minLength", out _));

        using var client = await ProbingClientAsync();
        var longestName = name.GetProperty("maxLength").GetInt32();
        Assert.True(await AcceptsAsync(client, InfluencerFields.Name, new string('a', longestName)));
        Assert.False(await AcceptsAsync(client, InfluencerFields.Name, new string('a', longestName + 1)));
        Assert.True(await AcceptsAsync(client, InfluencerFields.Name, "a"));
        Assert.False(await AcceptsAsync(client, InfluencerFields.Name, string.Empty));
        var longestTag = language.GetProperty("maxLength").GetInt32();
        Assert.True(await AcceptsAsync(client, InfluencerFields.Language, PrivateUseTag(longestTag)));
        Assert.False(await AcceptsAsync(client, InfluencerFields.Language, PrivateUseTag(longestTag + 1)));
    }

    [Fact]
    public async Task The_language_schema_names_the_registry_date_tags_are_validated_against()
    {
        var description = (await DocumentAsync()).Schema("Language").GetProperty("description").GetString();

        Assert.Contains(FormattableString.Invariant($"File-Date {LanguageTag.RegistryFileDate:yyyy-MM-dd}"), description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_documented_create_defaults_are_what_the_api_stores()
    {
        var document = await DocumentAsync();
        var properties = document.Schema("CreateInfluencerBody").GetProperty("properties");
        var (tenant, token) = await ProbeAsync();
        using var client = fixture.CreateClient(token);

        using var response = await client.CreateInfluencerAsync($$"""{"projectId":"{{tenant.Project.Id}}","name":"Ava","gender":"female"}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.JsonAsync();

        var defaults = properties.EnumerateObject().Where(property => property.Value.TryGetProperty("default", out _)).ToList();
        Assert.Equal([InfluencerFields.BrandVoice, InfluencerFields.Language], defaults.Select(property => property.Name));
        Assert.All(defaults, property => Assert.Equal(property.Value.GetProperty("default").GetString(), created.GetProperty(property.Name).GetString()));
    }

    /// <summary>
    /// The operations that send an <see cref="IIdempotentCommand"/> document the optional key header with
    /// the parser's limits, and the replay header on their successes; no other operation does.
    /// </summary>
    [Fact]
    public async Task Exactly_the_idempotent_operations_document_the_key_and_the_replay_header()
    {
        var document = await DocumentAsync();
        var idempotent = AppOperation.All(fixture)
            .Where(operation => SendsIdempotentCommand(operation.Endpoint.Metadata))
            .Select(operation => operation.Key)
            .ToList();

        var documented = document.Operations()
            .Where(operation => HeaderParameters(document, operation.PathItem, operation.Operation).ContainsKey(IdempotencyKeyHeader.Name))
            .Select(operation => operation.Key);

        Assert.Contains("POST /v1/influencers", idempotent);
        Assert.Equal(idempotent.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
        foreach (var key in idempotent)
        {
            var operation = document.Operation(key);
            var parameter = HeaderParameters(document, default, operation)[IdempotencyKeyHeader.Name];
            var schema = parameter.GetProperty("schema");
            Assert.False(parameter.GetProperty("required").GetBoolean());
            Assert.Equal((1, IdempotencyKeyHeader.MaxLength), (schema.GetProperty("minLength").GetInt32(), schema.GetProperty("maxLength").GetInt32()));
            var successes = operation.GetProperty("responses").EnumerateObject().Where(response => response.Name.StartsWith('2')).ToList();
            Assert.NotEmpty(successes);
            Assert.All(successes, response => Assert.True(
                document.Resolve(response.Value).GetProperty("headers").TryGetProperty(IdempotencyKeyHeader.ReplayedName, out _), $"{key} {response.Name}"));
        }

        var replaying = document.Operations()
            .Where(operation => operation.Operation.GetProperty("responses").EnumerateObject()
                .Any(response => document.Resolve(response.Value).TryGetProperty("headers", out var headers) && headers.TryGetProperty(IdempotencyKeyHeader.ReplayedName, out _)))
            .Select(operation => operation.Key);
        Assert.Equal(idempotent.Order(StringComparer.Ordinal), replaying.Order(StringComparer.Ordinal));
    }

    /// <summary>The header parameters of an operation and its path item, by name.</summary>
    private static Dictionary<string, JsonElement> HeaderParameters(OpenApiDocument document, JsonElement pathItem, JsonElement operation) =>
        new[] { pathItem, operation }
            .Where(owner => owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty("parameters", out _))
            .SelectMany(owner => owner.GetProperty("parameters").EnumerateArray())
            .Select(document.Resolve)
            .Where(parameter => parameter.GetProperty("in").GetString() == "header")
            .ToDictionary(parameter => parameter.GetProperty("name").GetString()!, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every exception the API may meet on its way to an operation, and the status the error map gives it.</summary>
    /// <summary>The action is authorized for a request that may carry an idempotency key: it sends that request.</summary>
    private static bool SendsIdempotentCommand(EndpointMetadataCollection metadata) =>
        metadata.Any(item => item.GetType() is { IsGenericType: true } type
                             && type.GetGenericTypeDefinition() == typeof(AuthorizeRequestAttribute<>)
                             && type.GetGenericArguments()[0].IsAssignableTo(typeof(IIdempotentCommand)));

    private static int StatusOf(Exception exception) => ApiExceptionMapper.Map(exception).Status;

    /// <summary>
    /// The statuses an operation can answer: the typed results of its action, then what each
    /// stage before and around it can answer, each stage known from the endpoint's metadata or its
    /// route, and its status taken from the error map.
    /// </summary>
    private static HashSet<int> StatusesOf(AppOperation operation, bool readsBody, bool readsQuery)
    {
        var metadata = operation.Endpoint.Metadata;
        var statuses = new HashSet<int>(metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>().Select(produces => produces.StatusCode))
        {
            StatusOf(new InvalidOperationException()),
        };
        if (metadata.GetMetadata<DisableRateLimitingAttribute>() is null)
        {
            statuses.Add(StatusCodes.Status429TooManyRequests);
        }

        // A key is looked up in the database, which may be unreachable; every keyed operation needs a scope.
        if (metadata.GetMetadata<IAllowAnonymous>() is null)
        {
            statuses.UnionWith([StatusOf(new UnauthenticatedException()), StatusOf(new ForbiddenScopeException()), StatusOf(new RequestDeadlineExceededException())]);
        }

        if (readsBody)
        {
            statuses.UnionWith([StatusOf(new RequestBodyTimeoutException()), StatusOf(new PayloadTooLargeException()), StatusOf(new UnsupportedMediaTypeException()), StatusOf(new RequestValidationException())]);
        }

        // An idempotent operation judges its key (422), and finds it held by another request (409) or reused (422).
        if (SendsIdempotentCommand(metadata))
        {
            statuses.UnionWith([
                StatusOf(new InvalidRequestHeaderException()), StatusOf(new IdempotencyKeyInProgressException()), StatusOf(new IdempotencyKeyReusedException()),
            ]);
        }

        if (readsQuery)
        {
            statuses.Add(StatusOf(new RequestValidationException()));
        }

        // An operation on one influencer may not find it, and judges If-Match and If-None-Match.
        if (operation.RouteParameters.Count > 0)
        {
            statuses.UnionWith([StatusOf(new NotFoundException()), StatusOf(new PreconditionFailedException())]);
        }

        // What typed-result metadata cannot say: a read's 304 (a bare StatusCodeHttpResult) and the
        // health endpoints' answers (untyped results).
        statuses.UnionWith((operation.Method, operation.Path) switch
        {
            ("GET" or "HEAD", "/v1/influencers/{influencerId}") => [StatusCodes.Status304NotModified],
            (_, "/healthz") => [StatusCodes.Status200OK],
            (_, "/readyz") => [StatusCodes.Status200OK, ApiExceptionMapper.Unavailable.Status],
            _ => [],
        });
        return statuses;
    }

    private static string Describe(string key, IEnumerable<int> statuses) =>
        $"{key}: {string.Join(' ', statuses.Order())}";

    private HttpJsonOptions JsonOptions() => fixture.Services.GetRequiredService<IOptions<HttpJsonOptions>>().Value;

    /// <summary>The influencer's fields in wire order, as the app writes them (a null age range included).</summary>
    private IReadOnlyList<string> SerializedInfluencerFields()
    {
        var sample = new InfluencerResponse
        {
            InfluencerId = "inf_1",
            ProjectId = "prj_1",
            Name = "n",
            Gender = "female",
            AgeRange = null,
            BrandVoice = "warm",
            Language = "en",
            Status = "ready",
            CreatedAt = "t",
            UpdatedAt = "t",
        };
        return [.. JsonSerializer.SerializeToNode(sample, JsonOptions().SerializerOptions)!.AsObject().Select(property => property.Key)];
    }

    private async Task<OpenApiDocument> DocumentAsync()
    {
        using var client = fixture.CreateClient();
        return await OpenApiDocument.GetAsync(client);
    }

    private async Task<HttpClient> ProbingClientAsync() => fixture.CreateClient((await ProbeAsync()).Token);

    // One org and key for every probe of this class, whose tests run one after another: each key
    // created makes every instance's key cache drop the lookups in flight, which other tests rely on.
    private Task<(Tenant Tenant, string Token)> ProbeAsync() => probe ??= CreateProbeAsync(fixture);

    private static async Task<(Tenant Tenant, string Token)> CreateProbeAsync(LayersFixture fixture)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        return (tenant, await tenant.CreateKeyAsync());
    }

    /// <summary>A path of the operation naming an influencer that does not exist.</summary>
    private string PathFor(string key) =>
        AppOperation.All(fixture).Single(operation => operation.Key == key).PathWith($"inf_{Guid.NewGuid()}");

    /// <summary>
    /// The operations that read a body, as the API shows it: a body of a media type it never
    /// accepts answers 415 (before a missing influencer's 404). GET and HEAD carry no body.
    /// </summary>
    private async Task<IReadOnlyList<string>> BodyReadingOperationsAsync()
    {
        using var client = await ProbingClientAsync();
        var readers = new List<string>();
        foreach (var operation in AppOperation.All(fixture).Where(operation => operation.Method is not ("GET" or "HEAD")))
        {
            using var response = await client.SendRawAsync(operation.Method, operation.PathWith($"inf_{Guid.NewGuid()}"), "x", "text/plain");
            if (response.StatusCode == HttpStatusCode.UnsupportedMediaType)
            {
                readers.Add(operation.Key);
            }
        }

        return readers;
    }

    /// <summary>
    /// The operations that read their query string, as the API shows it: a parameter no operation
    /// has is reported by name as unrecognized. A HEAD answer has no content to name it, so HEAD
    /// reads its query when the parameter alone turns its answer into a 422.
    /// </summary>
    private async Task<IReadOnlyList<string>> QueryReadingOperationsAsync()
    {
        using var client = await ProbingClientAsync();
        var readers = new List<string>();
        foreach (var operation in AppOperation.All(fixture))
        {
            var path = operation.PathWith($"inf_{Guid.NewGuid()}");
            using var probed = await client.SendRawAsync(operation.Method, $"{path}?{ProbeParameter}=1");
            if (operation.Method == HttpMethods.Head)
            {
                using var plain = await client.SendRawAsync(operation.Method, path);
                if (probed.StatusCode == HttpStatusCode.UnprocessableEntity && plain.StatusCode != HttpStatusCode.UnprocessableEntity)
                {
                    readers.Add(operation.Key);
                }
            }
            else if (probed.StatusCode == HttpStatusCode.UnprocessableEntity
                     && (await ApiError.ReadAsync(probed)).Details!["fieldErrors"]![ProbeParameter]?.AsArray().Select(error => error!.GetValue<string>()).SequenceEqual([UnrecognizedParameter]) == true)
            {
                readers.Add(operation.Key);
            }
        }

        return readers;
    }

    /// <summary>The query parameters an operation documents, its path's and its own, resolved.</summary>
    private static List<JsonElement> QueryParameters(OpenApiDocument document, string key)
    {
        var (_, pathItem, operation) = document.Operations().Single(candidate => candidate.Key == key);
        return
        [
            .. new[] { pathItem, operation }
                .SelectMany(owner => owner.TryGetProperty("parameters", out var list) ? list.EnumerateArray() : Enumerable.Empty<JsonElement>())
                .Select(document.Resolve)
                .Where(parameter => parameter.GetProperty("in").GetString() == "query"),
        ];
    }

    private async Task<(IReadOnlyList<string> FormErrors, IReadOnlyDictionary<string, string[]> FieldErrors)> ValidationAsync(HttpClient client, string key, string body)
    {
        using var response = await client.SendRawAsync(key.Split(' ')[0], PathFor(key), body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var details = (await ApiError.ReadAsync(response)).Details!;
        return (
            [.. details["formErrors"]!.AsArray().Select(error => error!.GetValue<string>())],
            details["fieldErrors"]!.AsObject().ToDictionary(field => field.Key, field => field.Value!.AsArray().Select(error => error!.GetValue<string>()).ToArray()));
    }

    private async Task<IReadOnlyDictionary<string, string[]>> FieldErrorsAsync(HttpClient client, string key, string body) =>
        (await ValidationAsync(client, key, body)).FieldErrors;

    /// <summary>Whether a patch of one field passes validation: a valid body on a missing influencer answers 404.</summary>
    private static async Task<bool> AcceptsAsync(HttpClient client, string field, string value)
    {
        using var response = await client.PatchInfluencerAsync($"inf_{Guid.NewGuid()}", new JsonObject { [field] = value }.ToJsonString());
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity, $"{response.StatusCode}");
        return response.StatusCode == HttpStatusCode.NotFound;
    }

    /// <summary>A well-formed tag of exactly <paramref name="length"/> characters: en-x- and private-use subtags of 1 to 8 letters.</summary>
    private static string PrivateUseTag(int length)
    {
        var tag = "en-x";
        while (length - tag.Length >= 11)
        {
            tag += "-abcdefgh";
        }

        var rest = length - tag.Length;
        return rest <= 9 ? tag + "-" + new string('a', rest - 1) : tag + "-abcd-abcd";
    }
}
