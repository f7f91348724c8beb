using System.Text.Encodings.Web;
using System.Text.Json;

namespace Layers.Api.Http;

public static class ApiJson
{
    /// <summary>
    /// Web defaults (camelCase), without escaping quotes and HTML characters as \u0027 and the like:
    /// responses are application/json with nosniff, never embedded in HTML, and messages quote values.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
