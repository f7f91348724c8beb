using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Layers.Api.Binding;
using Layers.Api.Controllers;
using Layers.Api.Errors;
using Layers.Application.Common.Idempotency;
using Layers.Domain.Influencers;
using Microsoft.Extensions.Primitives;

namespace Layers.Api.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> request header: one field line whose value is 1 to 255 printable
/// ASCII characters (0x20 to 0x7E). A space may appear inside a key; whitespace around the value is
/// not part of an HTTP field value (RFC 9110, section 5.5), so it is no part of the key: servers
/// strip it before the application sees it, and so does this parser, so that every host agrees.
/// A request with the key is carried out once per key and org by the command's pipeline
/// (<see cref="IIdempotentCommand"/>); a retry answered with the recorded result carries
/// <see cref="ReplayedName"/>.
/// </summary>
public static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";
    public const string ReplayedName = "Idempotent-Replayed";
    public const int MaxLength = 255;

    private const string Ows = " \t";

    private static readonly SearchValues<char> Printable = SearchValues.Create(
        [.. Enumerable.Range(0x20, 0x7E - 0x20 + 1).Select(c => (char)c)]);

    /// <summary>
    /// The request's body and, when the header was sent, its key with the request's identity. The
    /// body is read first (its 408, 413 and 415 come first, as on any request with a body), then
    /// the key is judged (422); the body's values are judged later, by the command's validation.
    /// </summary>
    public static async Task<(JsonObjectBody Body, IdempotencyKey? Key)> ReadAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fieldLines = request.Headers[Name];
        if (fieldLines.Count == 0)
        {
            return (await JsonBodyReader.ReadAsync(request).ConfigureAwait(false), null);
        }

        var body = await JsonBodyReader.ReadHashedAsync(request).ConfigureAwait(false);
        if (!TryParse(fieldLines, out var key, out var problem))
        {
            throw new InvalidRequestHeaderException(Name, problem);
        }

        return (body.Body, new IdempotencyKey(key, RequestHash(request.HttpContext, body.Sha256)));
    }

    /// <summary>
    /// The key the field lines carry: false with an error message (about the header, for the
    /// client) when they carry none that is valid. Call it only when the header was sent.
    /// </summary>
    public static bool TryParse(StringValues fieldLines, [NotNullWhen(true)] out string? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (fieldLines.Count != 1)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"Expected one {Name} header, received {fieldLines.Count}.");
            return false;
        }

        var value = fieldLines[0].AsSpan().Trim(Ows);
        if (value.Length is 0 or > MaxLength)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"Expected 1 to {MaxLength} characters, received {value.Length}.");
            return false;
        }

        var outside = value.IndexOfAnyExcept(Printable);
        if (outside >= 0)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"Expected printable ASCII characters (space to '~'), received U+{(int)value[outside]:X4}.");
            return false;
        }

        key = value.ToString();
        error = null;
        return true;
    }

    /// <summary>
    /// The request's identity, what it means rather than how it was written: the method, the
    /// route's template (not the path as sent, whose case and trailing slash routing ignores), each
    /// route value in canonical form, and the hash of the body's JSON value in canonical form
    /// (<see cref="CanonicalJson"/>). Route values are written as URI components, so they hold no
    /// line break, and the line break ends each part.
    /// </summary>
    private static byte[] RequestHash(HttpContext http, byte[] bodySha256)
    {
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern
                    ?? throw new InvalidOperationException("An idempotent action is reached through a route.");
        var identity = new StringBuilder().Append(http.Request.Method).Append(' ').Append(route.RawText).Append('\n');
        foreach (var parameter in route.Parameters)
        {
            var value = CanonicalRouteValue(parameter.Name, http.Request.RouteValues[parameter.Name] as string);
            identity.Append(parameter.Name).Append('=').Append(Uri.EscapeDataString(value)).Append('\n');
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(identity.ToString()));
        hash.AppendData(bodySha256);
        return hash.GetHashAndReset();
    }

    /// <summary>
    /// An influencer id as the id it names (prefixed, hex in lower case), whether the path gave it
    /// prefixed or bare, in either case. Any other value stays as sent: a segment that is no id is
    /// not found, which is never recorded.
    /// </summary>
    private static string CanonicalRouteValue(string name, string? value) =>
        name == InfluencersController.IdRouteValue && InfluencerId.TryParse(value, out var id) ? id.Value.ToString() : value ?? string.Empty;
}
