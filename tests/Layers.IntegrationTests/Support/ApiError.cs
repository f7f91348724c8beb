using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Layers.IntegrationTests.Support;

/// <summary>
/// An error response, read only after checking the envelope every error must have:
/// <c>{"error":{"code","message","requestId"[,"details"]}}</c>, <c>details</c> only for
/// VALIDATION, the request id equal to the <c>X-Request-Id</c> header, no stack trace.
/// </summary>
public sealed partial record ApiError(string Code, string Message, string RequestId, JsonObject? Details)
{
    public static async Task<ApiError> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotMatch(StackTracePattern(), text);

        var root = Assert.IsType<JsonObject>(JsonNode.Parse(text));
        Assert.Equal(["error"], root.Select(property => property.Key));
        var error = Assert.IsType<JsonObject>(root["error"]);
        var code = error["code"]!.GetValue<string>();
        string[] keys = code == "VALIDATION" ? ["code", "message", "requestId", "details"] : ["code", "message", "requestId"];
        Assert.Equal(keys, error.Select(property => property.Key));

        var requestId = error["requestId"]!.GetValue<string>();
        Assert.Equal(ApiAssert.RequestId(response), requestId);
        return new ApiError(code, error["message"]!.GetValue<string>(), requestId, error["details"] as JsonObject);
    }

    /// <summary>Exception type names, frames (<c>at Type.Method(</c>) and source positions.</summary>
    [GeneratedRegex(@"Exception\b|\bat [\w.`<>]+\(|\.cs:line \d")]
    private static partial Regex StackTracePattern();
}
