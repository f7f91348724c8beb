using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Layers.Application.Influencers;

namespace Layers.Api.Binding;

public static class ApiJson
{
    /// <summary>
    /// Web defaults (camelCase), without escaping quotes and HTML characters as \u0027 and the like:
    /// responses are application/json with nosniff, never embedded in HTML, and messages quote values.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { WithoutVersion } },
    };

    /// <summary>The row's version is the ETag header, not a field of the body.</summary>
    private static void WithoutVersion(JsonTypeInfo type)
    {
        if (type.Type == typeof(InfluencerResponse) && type.Properties.FirstOrDefault(property => property.Name == "version") is { } version)
        {
            type.Properties.Remove(version);
        }
    }
}
