using System.Globalization;
using Layers.Application.Common.Concurrency;
using Microsoft.Net.Http.Headers;

namespace Layers.Api.Http;

/// <summary>Strong ETags derived from a row's version: <c>"v42"</c>.</summary>
public static class EntityTags
{
    public static string Format(long version) => string.Create(CultureInfo.InvariantCulture, $"\"v{version}\"");

    /// <summary>
    /// An <c>If-Match</c> header as a precondition, or null when the header is absent. Weak and
    /// malformed tags match nothing: If-Match uses the strong comparison.
    /// </summary>
    public static VersionPrecondition? ParseIfMatch(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Headers.IfMatch;
        if (values.Count == 0)
        {
            return null;
        }

        if (!EntityTagHeaderValue.TryParseList(values, out var tags))
        {
            return VersionPrecondition.OneOf([]);
        }

        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any))
            ? VersionPrecondition.Any
            : VersionPrecondition.OneOf(tags.Where(tag => !tag.IsWeak).Select(TryVersion).OfType<long>());
    }

    /// <summary>True when <c>If-None-Match</c> names the current version (weak comparison) or is <c>*</c>.</summary>
    public static bool IfNoneMatchHolds(HttpRequest request, long version)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Headers.IfNoneMatch;
        return values.Count > 0
               && EntityTagHeaderValue.TryParseList(values, out var tags)
               && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || TryVersion(tag) == version);
    }

    private static long? TryVersion(EntityTagHeaderValue tag)
    {
        var text = tag.Tag.AsSpan().Trim('"');
        return text.StartsWith('v') && long.TryParse(text[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : null;
    }
}
