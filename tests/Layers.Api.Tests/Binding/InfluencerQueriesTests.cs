using CsCheck;
using Layers.Api.Binding;
using Layers.Api.Idempotency;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Queries.ListInfluencers;
using Layers.Domain.Organizations;
using Microsoft.AspNetCore.Http;

namespace Layers.Api.Tests.Binding;

/// <summary>
/// The strict query string of the listing turned into a typed query: what it gets wrong becomes
/// input errors keyed by parameter name. Whether a cursor belongs to the caller is the query's
/// rule (Application); these check the wire.
/// </summary>
public sealed class InfluencerQueriesTests
{
    private const string InvalidProjectId = "Invalid project id. Expected 'prj_<uuid>'.";
    private const string InvalidLimit = "Limit must be an integer from 1 to 100.";
    private const string InvalidCursor = "Invalid cursor. Expected a nextCursor of this listing, sent with the same projectId.";
    private const string ProjectIdText = "prj_0b7e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e";

    private static readonly InfluencerListCursor Cursor = InfluencerListCursor.Issue(
        new byte[32], new OrgId(Guid.CreateVersion7()), projectId: null, new(DateTimeOffset.UnixEpoch, InfluencerId.New()));

    private static ListInfluencersQuery Parse(string queryString) => InfluencerQueries.ToListQuery(new QueryString(queryString));

    private static List<(string Parameter, string Message)> Errors(string queryString) => Errors(Parse(queryString));

    private static List<(string Parameter, string Message)> Errors(ListInfluencersQuery query) =>
        [.. query.InputErrors.FormErrors.Select(message => (string.Empty, message)), .. query.InputErrors.FieldErrors.Select(error => (error.Key, error.Value))];

    [Theory]
    [InlineData("")]
    [InlineData("?")]
    public void No_parameters_list_every_project_from_the_start_twenty_at_a_time(string queryString)
    {
        Assert.Equal(new ListInfluencersQuery(null, 20, null), Parse(queryString));
    }

    [Fact]
    public void Each_parameter_is_given_typed()
    {
        var query = Parse($"?projectId={ProjectIdText}&limit=100&cursor={Cursor}");

        Assert.Empty(Errors(query));
        Assert.Equal((ProjectIdText, 100, Cursor.Position), (query.ProjectId.ToString(), query.Limit, query.Cursor?.Position));
    }

    [Theory]
    [InlineData("?projectId=0b7e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e")]
    [InlineData("?projectId=prj_0B7E1BC2-0D3F-4B6A-9C1E-2F3A4B5C6D7E")]
    [InlineData("?projectId=prj%5F0b7e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e")]
    public void A_project_id_is_read_as_in_a_body_after_percent_decoding(string queryString)
    {
        Assert.Equal(ProjectIdText, Parse(queryString).ProjectId.ToString());
    }

    [Theory]
    [InlineData("?Limit=5", "Limit", "Unrecognized parameter.")]
    [InlineData("?project_id=x", "project_id", "Unrecognized parameter.")]
    [InlineData("?offset=20", "offset", "Unrecognized parameter.")]
    [InlineData("?=5", "", "Unrecognized parameter.")]
    [InlineData("?limit=5&limit=5", "limit", "Parameter must be given at most once.")]
    [InlineData("?cursor={cursor}&cursor={cursor}", "cursor", "Parameter must be given at most once.")]
    [InlineData("?projectId=" + ProjectIdText + "&projectId=" + ProjectIdText, "projectId", "Parameter must be given at most once.")]
    [InlineData("?limit", "limit", InvalidLimit)]
    [InlineData("?limit=", "limit", InvalidLimit)]
    [InlineData("?limit=ten", "limit", InvalidLimit)]
    [InlineData("?limit=-5", "limit", InvalidLimit)]
    [InlineData("?limit=%2B5", "limit", InvalidLimit)]
    [InlineData("?limit=+5", "limit", InvalidLimit)]
    [InlineData("?limit=05", "limit", InvalidLimit)]
    [InlineData("?limit=5.0", "limit", InvalidLimit)]
    [InlineData("?limit=5x", "limit", InvalidLimit)]
    [InlineData("?limit=9999999999", "limit", InvalidLimit)]
    [InlineData("?limit=%D9%A5", "limit", InvalidLimit)]
    [InlineData("?projectId=", "projectId", InvalidProjectId)]
    [InlineData("?projectId=inf_0b7e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e", "projectId", InvalidProjectId)]
    [InlineData("?projectId=" + ProjectIdText + "x", "projectId", InvalidProjectId)]
    [InlineData("?cursor=", "cursor", InvalidCursor)]
    [InlineData("?cursor=null", "cursor", InvalidCursor)]
    [InlineData("?cursor={cursor}x", "cursor", InvalidCursor)]
    [InlineData("?cursor=%20{cursor}", "cursor", InvalidCursor)]
    public void A_parameter_that_is_unknown_repeated_or_no_value_of_its_kind_is_reported_under_its_name(string queryString, string parameter, string message)
    {
        Assert.Equal([(parameter, message)], Errors(queryString.Replace("{cursor}", Cursor.ToString(), StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_problem_is_reported_at_once_in_the_order_sent()
    {
        Assert.Equal(
            [("limit", InvalidLimit), ("sort", "Unrecognized parameter."), ("cursor", InvalidCursor), ("limit", "Parameter must be given at most once.")],
            Errors("?limit=0x&sort=name&cursor=abc&limit=3"));
    }

    [Fact]
    public void Any_query_string_is_read_without_failing_into_errors_of_the_known_kinds()
    {
        string[] parameters = ["projectId", "limit", "cursor"];
        string[] messages = [InvalidProjectId, InvalidLimit, InvalidCursor, "Parameter must be given at most once."];
        Gen.Frequency(
                (3, Gen.Char["abcdeiIjlmoprstuCPL=&%+0123456789_-?#"].Array[0, 80].Select(chars => new string(chars))),
                (1, Gen.String[0, 40]))
            .Sample(text =>
            {
                var query = Parse("?" + text);

                Assert.Empty(query.InputErrors.FormErrors);
                Assert.All(query.InputErrors.FieldErrors, error => Assert.True(
                    parameters.Contains(error.Key) ? messages.Contains(error.Value) : error.Value == "Unrecognized parameter.",
                    $"{error.Key}: {error.Value}"));
            });
    }
}
