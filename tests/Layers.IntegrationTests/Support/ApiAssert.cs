using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Layers.IntegrationTests.Support;

/// <summary>Assertions on the API's answers, in the exact terms of the public contract.</summary>
public static partial class ApiAssert
{
    public const string InfluencerNotFound = "Influencer not found.";
    public const string InvalidBody = "Invalid body.";
    public const string InvalidParameters = "Invalid query parameters.";

    private static readonly string[] InfluencerKeys =
        ["influencerId", "projectId", "name", "gender", "ageRange", "brandVoice", "language", "status", "createdAt", "updatedAt"];

    /// <summary>The response's <c>X-Request-Id</c>, which every response carries.</summary>
    public static string RequestId(HttpResponseMessage response)
    {
        var value = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.Matches(RequestIdPattern(), value);
        return value;
    }

    public static async Task<ApiError> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code, string message)
    {
        Assert.Equal(status, response.StatusCode);
        var error = await ApiError.ReadAsync(response);
        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
        return error;
    }

    public static async Task<ApiError> UnauthenticatedAsync(HttpResponseMessage response)
    {
        var error = await ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED", "A valid API key is required.");
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        return error;
    }

    public static Task<ApiError> ForbiddenScopeAsync(HttpResponseMessage response, string scope) =>
        ErrorAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN_SCOPE", $"This API key lacks the '{scope}' scope.");

    public static Task<ApiError> InfluencerNotFoundAsync(HttpResponseMessage response) =>
        ErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND", InfluencerNotFound);

    public static Task<ApiError> PayloadTooLargeAsync(HttpResponseMessage response) =>
        ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE", "The request body exceeds 16384 bytes.");

    public static Task<ApiError> UnsupportedMediaTypeAsync(HttpResponseMessage response) =>
        ErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
            "The request body must be application/json or application/merge-patch+json (UTF-8).");

    public static Task<ApiError> PreconditionFailedAsync(HttpResponseMessage response) =>
        ErrorAsync(response, HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED",
            "The influencer's current version does not meet the request's precondition.");

    /// <summary>422 VALIDATION of a body with exactly these form errors (in order) and field errors (any key order).</summary>
    public static Task ValidationAsync(HttpResponseMessage response, IReadOnlyList<string> formErrors, string fieldErrors) =>
        ValidationAsync(response, InvalidBody, formErrors, fieldErrors);

    /// <summary>422 VALIDATION of query parameters with exactly these field errors (any key order), keyed by parameter name.</summary>
    public static Task ParametersValidationAsync(HttpResponseMessage response, string fieldErrors) =>
        ValidationAsync(response, InvalidParameters, [], fieldErrors);

    private static async Task ValidationAsync(HttpResponseMessage response, string message, IReadOnlyList<string> formErrors, string fieldErrors)
    {
        var error = await ErrorAsync(response, HttpStatusCode.UnprocessableEntity, "VALIDATION", message);
        var details = Assert.IsType<JsonObject>(error.Details);
        Assert.Equal(["formErrors", "fieldErrors"], details.Select(property => property.Key));
        Assert.Equal(formErrors, details["formErrors"]!.AsArray().Select(item => item!.GetValue<string>()));
        var actual = details["fieldErrors"];
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(fieldErrors), actual), $"fieldErrors were {actual?.ToJsonString()}");
    }

    public static Task FormErrorAsync(HttpResponseMessage response, string message) =>
        ValidationAsync(response, [message], "{}");

    public static Task FieldErrorAsync(HttpResponseMessage response, string field, string message) =>
        ValidationAsync(response, [], new JsonObject { [field] = new JsonArray(message) }.ToJsonString());

    /// <summary>An influencer record: the status, and exactly the contract's keys, in order, each a string or null.</summary>
    public static async Task<JsonElement> InfluencerAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        RequestId(response);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        IsInfluencerRecord(body);
        return body;
    }

    /// <summary>Exactly the contract's keys of an influencer record, in order, each a string or null.</summary>
    public static void IsInfluencerRecord(JsonElement record)
    {
        Assert.Equal(InfluencerKeys, record.EnumerateObject().Select(property => property.Name));
        Assert.All(record.EnumerateObject(), property => Assert.True(property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null, property.Name));
    }

    /// <summary>
    /// A page of the listing: 200, exactly <c>data</c> (influencer records) and <c>nextCursor</c>
    /// (a string or null), in that order. Returns the records and the cursor.
    /// </summary>
    public static async Task<(IReadOnlyList<JsonElement> Data, string? NextCursor)> PageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        RequestId(response);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(["data", "nextCursor"], body.EnumerateObject().Select(property => property.Name));
        var cursor = body.GetProperty("nextCursor");
        Assert.True(cursor.ValueKind is JsonValueKind.String or JsonValueKind.Null, cursor.ValueKind.ToString());
        var data = body.GetProperty("data").EnumerateArray().ToList();
        Assert.All(data, IsInfluencerRecord);
        return (data, cursor.ValueKind == JsonValueKind.String ? cursor.GetString() : null);
    }

    /// <summary>The record says exactly what the row holds (timestamps in whole seconds, UTC, with Z).</summary>
    public static void MatchesRow(JsonElement body, InfluencerRow row)
    {
        string?[] expected =
        [
            $"inf_{row.Id}", $"prj_{row.ProjectId}", row.Name, row.Gender, row.AgeRange, row.BrandVoice, row.Language, row.Status,
            Rfc3339(row.CreatedAt), Rfc3339(row.UpdatedAt),
        ];
        Assert.Equal(expected, body.EnumerateObject().Select(property => property.Value.GetString()));
    }

    public static string Rfc3339(DateTime utc)
    {
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    public static DateTime ParseRfc3339(JsonElement value)
    {
        var text = value.GetString()!;
        Assert.Matches(TimestampPattern(), text);
        return DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }

    /// <summary><paramref name="value"/> cut to whole seconds, as the API renders timestamps.</summary>
    public static DateTime WholeSeconds(DateTime value) => new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), value.Kind);

    public static async Task EmptyAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        RequestId(response);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Null(response.Content.Headers.ContentType);
    }

    [GeneratedRegex("^req_[0-9a-z]+$")]
    private static partial Regex RequestIdPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    private static partial Regex TimestampPattern();
}
