using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Layers.Infrastructure.Persistence.Repositories;
using Npgsql;
using NpgsqlTypes;

namespace Layers.Bench.Bare;

/// <summary>
/// PATCH /v1/influencers/{id} written by hand: the same key check, the repository's two
/// statements on one pooled connection, and the same JSON as the API, with nothing in between.
/// Validation is only what keeps the SQL valid; the benchmark sends valid bodies.
/// </summary>
internal sealed class PatchEndpoint(NpgsqlDataSource dataSource, KeyStore keys)
{
    private const int MaxBodyBytes = 16 * 1024;
    private const string WriteScope = "influencers:write";
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    private static readonly FrozenSet<string> Genders = FrozenSet.Create(StringComparer.Ordinal, "male", "female", "non_binary");
    private static readonly FrozenSet<string> AgeRanges = FrozenSet.Create(StringComparer.Ordinal, "teen", "young_adult", "adult", "mid_adult", "mature", "senior");
    private static readonly FrozenSet<string> BrandVoices = FrozenSet.Create(StringComparer.Ordinal, "authentic", "witty", "professional", "warm", "casual", "educational");

    // The API's encoder: names are written as sent, quotes and HTML characters unescaped.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task HandleAsync(HttpContext context, string influencerId)
    {
        var key = keys.Authenticate(context.Request.Headers.Authorization.ToString());
        if (key is null)
        {
            await ErrorAsync(context, StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", "A valid API key is required.").ConfigureAwait(false);
            return;
        }

        if (!key.Scopes.Contains(WriteScope))
        {
            await ErrorAsync(context, StatusCodes.Status403Forbidden, "FORBIDDEN_SCOPE", "This API key lacks the 'influencers:write' scope.").ConfigureAwait(false);
            return;
        }

        var idText = influencerId.StartsWith("inf_", StringComparison.Ordinal) ? influencerId.AsSpan(4) : influencerId;
        if (idText.Length != 36 || !Guid.TryParseExact(idText, "D", out var id))
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, "NOT_FOUND", "Influencer not found.").ConfigureAwait(false);
            return;
        }

        var patch = await ReadPatchAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (patch is null)
        {
            await ErrorAsync(context, StatusCodes.Status422UnprocessableEntity, "VALIDATION", "Invalid body.").ConfigureAwait(false);
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted).ConfigureAwait(false);
        var row = await FindAsync(connection, key.OrgId, id, context.RequestAborted).ConfigureAwait(false);
        if (row is not null && patch.Apply(row) is { } changed)
        {
            row = await SaveAsync(connection, row, changed, context.RequestAborted).ConfigureAwait(false);
        }

        if (row is null)
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, "NOT_FOUND", "Influencer not found.").ConfigureAwait(false);
            return;
        }

        context.Response.Headers.ETag = string.Create(CultureInfo.InvariantCulture, $"\"v{row.Version}\"");
        context.Response.ContentType = "application/json; charset=utf-8";
        WriteInfluencer(context.Response.BodyWriter, row);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<InfluencerRow?> FindAsync(NpgsqlConnection connection, Guid orgId, Guid id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(InfluencerSql.Find, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid>("OrgId", orgId));
        command.Parameters.Add(new NpgsqlParameter<Guid>("Id", id));
        return await ReadRowAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The parameters Dapper sends for the repository's SaveChangesAsync, with the same types.</summary>
    private static async Task<InfluencerRow?> SaveAsync(NpgsqlConnection connection, InfluencerRow row, ChangedFields changed, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(InfluencerSql.SaveChanges, connection);
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter<Guid>("OrgId", row.OrgId));
        parameters.Add(new NpgsqlParameter<Guid>("Id", row.Id));
        parameters.Add(new NpgsqlParameter<bool>("SetName", changed.HasFlag(ChangedFields.Name)));
        parameters.Add(new NpgsqlParameter<string>("Name", row.Name));
        parameters.Add(new NpgsqlParameter<bool>("SetGender", changed.HasFlag(ChangedFields.Gender)));
        parameters.Add(new NpgsqlParameter<string>("Gender", row.Gender));
        parameters.Add(new NpgsqlParameter<bool>("SetAgeRange", changed.HasFlag(ChangedFields.AgeRange)));
        parameters.Add(new NpgsqlParameter("AgeRange", NpgsqlDbType.Text) { Value = (object?)row.AgeRange ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter<bool>("SetBrandVoice", changed.HasFlag(ChangedFields.BrandVoice)));
        parameters.Add(new NpgsqlParameter<string>("BrandVoice", row.BrandVoice));
        parameters.Add(new NpgsqlParameter<bool>("SetLanguage", changed.HasFlag(ChangedFields.Language)));
        parameters.Add(new NpgsqlParameter<string>("Language", row.Language));
        parameters.Add(new NpgsqlParameter<bool>("SetDeleted", false));
        parameters.Add(new NpgsqlParameter("DeletedAt", NpgsqlDbType.TimestampTz) { Value = DBNull.Value });
        parameters.Add(new NpgsqlParameter<DateTimeOffset>("UpdatedAt", DateTimeOffset.UtcNow));
        parameters.Add(new NpgsqlParameter("ExpectedVersion", NpgsqlDbType.Bigint) { Value = DBNull.Value });
        return await ReadRowAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One row in the order of InfluencerSql.Columns.</summary>
    private static async Task<InfluencerRow?> ReadRowAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new InfluencerRow
        {
            OrgId = reader.GetGuid(0),
            Id = reader.GetGuid(1),
            ProjectId = reader.GetGuid(2),
            Name = reader.GetString(3),
            Gender = reader.GetString(4),
            AgeRange = reader.IsDBNull(5) ? null : reader.GetString(5),
            BrandVoice = reader.GetString(6),
            Language = reader.GetString(7),
            Status = reader.GetString(8),
            CreatedAt = reader.GetDateTime(9),
            UpdatedAt = reader.GetDateTime(10),
            Version = reader.GetInt64(12),
        };
    }

    private static void WriteInfluencer(IBufferWriter<byte> output, InfluencerRow row)
    {
        using var json = new Utf8JsonWriter(output, WriterOptions);
        json.WriteStartObject();
        json.WriteString("influencerId", string.Concat("inf_", row.Id.ToString("D")));
        json.WriteString("projectId", string.Concat("prj_", row.ProjectId.ToString("D")));
        json.WriteString("name", row.Name);
        json.WriteString("gender", row.Gender);
        json.WriteString("ageRange", row.AgeRange);
        json.WriteString("brandVoice", row.BrandVoice);
        json.WriteString("language", row.Language);
        json.WriteString("status", row.Status);
        json.WriteString("createdAt", row.CreatedAt.ToString(TimestampFormat, CultureInfo.InvariantCulture));
        json.WriteString("updatedAt", row.UpdatedAt.ToString(TimestampFormat, CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }

    private static async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        using (var json = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("code", code);
            json.WriteString("message", message);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The body as a patch, or null when it is not a JSON object of known, well-typed fields.</summary>
    private static async Task<Patch?> ReadPatchAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes + 1);
        try
        {
            var length = 0;
            int read;
            while (length <= MaxBodyBytes
                   && (read = await request.Body.ReadAsync(buffer.AsMemory(length, MaxBodyBytes + 1 - length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            return length > MaxBodyBytes ? null : Patch.Parse(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [Flags]
    private enum ChangedFields
    {
        None = 0,
        Name = 1,
        Gender = 2,
        AgeRange = 4,
        BrandVoice = 8,
        Language = 16,
    }

    private sealed class InfluencerRow
    {
        public Guid OrgId { get; init; }

        public Guid Id { get; init; }

        public Guid ProjectId { get; init; }

        public required string Name { get; set; }

        public required string Gender { get; set; }

        public string? AgeRange { get; set; }

        public required string BrandVoice { get; set; }

        public required string Language { get; set; }

        public required string Status { get; init; }

        public DateTime CreatedAt { get; init; }

        public DateTime UpdatedAt { get; init; }

        public long Version { get; init; }
    }

    private sealed class Patch
    {
        private string? name;
        private string? gender;
        private bool hasAgeRange;
        private string? ageRange;
        private string? brandVoice;
        private string? language;

        public static Patch? Parse(ReadOnlySpan<byte> json)
        {
            var patch = new Patch();
            var fields = 0;
            try
            {
                var reader = new Utf8JsonReader(json);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var field = reader.GetString();
                    reader.Read();
                    var value = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Null => null,
                        _ => throw new JsonException("Only strings and null are patched."),
                    };
                    fields++;
                    switch (field)
                    {
                        case "name" when value is { Length: >= 1 and <= 128 }:
                            patch.name = value;
                            break;
                        case "gender" when value is not null && Genders.Contains(value):
                            patch.gender = value;
                            break;
                        case "ageRange" when value is null || AgeRanges.Contains(value):
                            patch.hasAgeRange = true;
                            patch.ageRange = value;
                            break;
                        case "brandVoice" when value is not null && BrandVoices.Contains(value):
                            patch.brandVoice = value;
                            break;
                        case "language" when value is { Length: >= 1 and <= 255 }:
                            patch.language = value;
                            break;
                        default:
                            return null;
                    }
                }

                return reader.Read() || fields == 0 ? null : patch;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>Sets what differs on <paramref name="row"/>; null when nothing does (no write, as in the aggregate).</summary>
        public ChangedFields? Apply(InfluencerRow row)
        {
            var changed = ChangedFields.None;
            if (name is not null && name != row.Name)
            {
                row.Name = name;
                changed |= ChangedFields.Name;
            }

            if (gender is not null && gender != row.Gender)
            {
                row.Gender = gender;
                changed |= ChangedFields.Gender;
            }

            if (hasAgeRange && ageRange != row.AgeRange)
            {
                row.AgeRange = ageRange;
                changed |= ChangedFields.AgeRange;
            }

            if (brandVoice is not null && brandVoice != row.BrandVoice)
            {
                row.BrandVoice = brandVoice;
                changed |= ChangedFields.BrandVoice;
            }

            if (language is not null && language != row.Language)
            {
                row.Language = language;
                changed |= ChangedFields.Language;
            }

            return changed == ChangedFields.None ? null : changed;
        }
    }
}
