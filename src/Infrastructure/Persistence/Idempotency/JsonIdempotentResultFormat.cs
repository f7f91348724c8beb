using System.Globalization;
using System.Text.Json;
using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Idempotency;
using Layers.Application.Influencers;

namespace Layers.Infrastructure.Persistence.Idempotency;

/// <summary>
/// A recorded result as JSON, readable in the database: <c>{"format":2,"result":…}</c>, the result
/// as its type serializes. Records without a format were written before results were recorded and
/// hold the HTTP answer instead (status, content type, Location, ETag and body text); they are read
/// as the result they answered, until the retention window of the last of them has passed
/// (docs/idempotency.md).
/// </summary>
public sealed class JsonIdempotentResultFormat : IIdempotentResultFormat
{
    private const int Format = 2;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public string Write<TResult>(TResult result) => JsonSerializer.Serialize(new Recorded<TResult>(Format, result), Options);

    public TResult Read<TResult>(string outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        try
        {
            using var document = JsonDocument.Parse(outcome);
            var root = document.RootElement;
            var result = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out var format)
                ? format.GetInt32() == Format ? root.GetProperty("result").Deserialize<TResult>(Options) : throw new StoredDataException("A stored idempotency outcome is of an unknown format.")
                : ReadAnswer<TResult>(root);
            return result ?? throw new StoredDataException("A stored idempotency outcome is null.");
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new StoredDataException($"A stored idempotency outcome is not JSON of a {typeof(TResult).Name}.", exception);
        }
    }

    /// <summary>
    /// A recorded HTTP answer: a created influencer's body, whose version (left out of the body)
    /// its ETag (<c>"v{version}"</c>) gives.
    /// </summary>
    private static TResult? ReadAnswer<TResult>(JsonElement answer)
    {
        if (typeof(TResult) != typeof(InfluencerResponse)
            || answer.GetProperty("status").GetInt32() != 201
            || answer.GetProperty("body").GetString() is not { } body
            || answer.GetProperty("entityTag").GetString() is not ['"', 'v', .. var digits, '"']
            || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new StoredDataException("A stored idempotency outcome is not a recorded creation.");
        }

        var influencer = JsonSerializer.Deserialize<InfluencerResponse>(body, Options) ?? throw new StoredDataException("A stored idempotency outcome is null.");
        return (TResult)(object)(influencer with { Version = version });
    }

    private sealed record Recorded<TResult>(int Format, TResult Result);
}
