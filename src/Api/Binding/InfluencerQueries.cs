using Layers.Application.Common.Input;
using Layers.Application.Influencers.Queries.ListInfluencers;
using Microsoft.AspNetCore.WebUtilities;

namespace Layers.Api.Binding;

/// <summary>
/// The strict query strings of the influencer routes turned into typed queries, as
/// <see cref="InfluencerBodies"/> turns bodies into commands: what the query string itself gets
/// wrong (a parameter the route does not have, one given twice, a value that is no value of its
/// parameter) becomes the query's <see cref="InputErrors"/>, reported by the validation step
/// together with the query's own rules. Names are matched exactly (ASP.NET Core's own query
/// collection would match them in any case).
/// </summary>
public static class InfluencerQueries
{
    public const string UnrecognizedParameter = "Unrecognized parameter.";
    public const string RepeatedParameter = "Parameter must be given at most once.";

    public static ListInfluencersQuery ToListQuery(QueryString queryString)
    {
        var query = new ListInfluencersQuery(null);
        List<KeyValuePair<string, string>>? errors = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in new QueryStringEnumerable(queryString.Value))
        {
            var name = pair.DecodeName().ToString();
            var value = pair.DecodeValue().ToString();
            var known = name is ListInfluencersParameters.ProjectId or ListInfluencersParameters.Limit or ListInfluencersParameters.Cursor;
            string? error = !known ? UnrecognizedParameter
                : !seen.Add(name) ? RepeatedParameter
                : null;
            if (error is null)
            {
                (query, error) = name switch
                {
                    ListInfluencersParameters.ProjectId => ProjectId.TryParse(value, out var projectId, out var invalid)
                        ? (query with { ProjectId = projectId }, null)
                        : (query, invalid),
                    ListInfluencersParameters.Limit => TryLimit(value, out var limit)
                        ? (query with { Limit = limit }, null)
                        : (query, ListInfluencersQuery.InvalidLimit),
                    _ => InfluencerListCursor.TryParse(value, out var cursor)
                        ? (query with { Cursor = cursor }, null)
                        : (query, InfluencerListCursor.Invalid),
                };
            }

            if (error is not null)
            {
                (errors ??= []).Add(new(name, error));
            }
        }

        return errors is null ? query : query with { InputErrors = InputErrors.Of([], errors) };
    }

    /// <summary>
    /// Decimal digits without sign, spaces or leading zeros, that fit an int; whether the number is
    /// in range is the query's rule.
    /// </summary>
    private static bool TryLimit(string text, out int limit)
    {
        limit = 0;
        return text.Length is > 0 and <= 9
               && !text.AsSpan().ContainsAnyExceptInRange('0', '9')
               && (text[0] != '0' || text.Length == 1)
               && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit);
    }
}
