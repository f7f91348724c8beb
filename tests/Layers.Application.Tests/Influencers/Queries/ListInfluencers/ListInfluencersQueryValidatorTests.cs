using Layers.Application.Common.Input;
using Layers.Application.Common.Paging;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Queries.ListInfluencers;
using Layers.Application.Tests.Support;
using Layers.Domain.Organizations;

using NSubstitute;

namespace Layers.Application.Tests.Influencers.Queries.ListInfluencers;

public class ListInfluencersQueryValidatorTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(value => (byte)value)];
    private static readonly OrgId OtherOrg = new(Guid.Parse("0c0c0c0c-1111-4222-8333-444455556666"));
    private static readonly ProjectId OtherProject = new(Guid.Parse("0d0d0d0d-1111-4222-8333-444455556666"));
    private static readonly InfluencerListPosition Position = new(TestInfluencers.CreatedAt, TestInfluencers.Id);

    private readonly ICursorSigningKey signingKey = Substitute.For<ICursorSigningKey>();

    public ListInfluencersQueryValidatorTests()
    {
        signingKey.GetAsync(Arg.Any<CancellationToken>()).Returns(new ReadOnlyMemory<byte>(Key));
    }

    private async Task<List<(string Parameter, string Message)>> ErrorsAsync(ListInfluencersQuery query)
    {
        var result = await new ListInfluencersQueryValidator(signingKey, Callers.Reader()).ValidateAsync(query, TestContext.Current.CancellationToken);
        return [.. result.Errors.Select(error => (error.PropertyName, error.ErrorMessage))];
    }

    private static InfluencerListCursor Cursor(OrgId orgId, ProjectId? projectId) => InfluencerListCursor.Issue(Key, orgId, projectId, Position);

    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(100)]
    public async Task A_limit_from_1_to_100_is_accepted(int limit)
    {
        Assert.Empty(await ErrorsAsync(new ListInfluencersQuery(null, limit)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(101)]
    public async Task A_limit_outside_1_to_100_is_refused(int limit)
    {
        Assert.Equal([("limit", "Limit must be an integer from 1 to 100.")], await ErrorsAsync(new ListInfluencersQuery(null, limit)));
    }

    [Fact]
    public async Task Without_a_cursor_no_key_is_needed()
    {
        Assert.Empty(await ErrorsAsync(new ListInfluencersQuery(TestInfluencers.Project)));
        Assert.Empty(signingKey.ReceivedCalls());
    }

    [Fact]
    public async Task A_cursor_issued_to_the_caller_for_the_same_filter_is_accepted()
    {
        Assert.Empty(await ErrorsAsync(new ListInfluencersQuery(null, Cursor: Cursor(Callers.Org, null))));
        Assert.Empty(await ErrorsAsync(new ListInfluencersQuery(TestInfluencers.Project, Cursor: Cursor(Callers.Org, TestInfluencers.Project))));
    }

    public static TheoryData<string> ForeignCursors { get; } = ["other org", "other org, same project", "other project", "project added", "project dropped"];

    [Theory]
    [MemberData(nameof(ForeignCursors))]
    public async Task A_cursor_issued_to_another_org_or_for_another_filter_is_refused_as_invalid(string issuedFor)
    {
        var (cursor, sentWith) = issuedFor switch
        {
            "other org" => (Cursor(OtherOrg, null), (ProjectId?)null),
            "other org, same project" => (Cursor(OtherOrg, TestInfluencers.Project), TestInfluencers.Project),
            "other project" => (Cursor(Callers.Org, OtherProject), TestInfluencers.Project),
            "project added" => (Cursor(Callers.Org, null), TestInfluencers.Project),
            _ => (Cursor(Callers.Org, TestInfluencers.Project), null),
        };

        Assert.Equal(
            [("cursor", "Invalid cursor. Expected a nextCursor of this listing, sent with the same projectId.")],
            await ErrorsAsync(new ListInfluencersQuery(sentWith, Cursor: cursor)));
    }

    [Fact]
    public async Task Input_errors_already_reported_are_not_reported_again()
    {
        // The caller could not read the limit (left at its default) nor the project filter, against which the cursor cannot be judged.
        var query = new ListInfluencersQuery(null, Cursor: Cursor(Callers.Org, TestInfluencers.Project))
        {
            InputErrors = InputErrors.Of([], [new("limit", ListInfluencersQuery.InvalidLimit), new("projectId", "Invalid project id. Expected 'prj_<uuid>'.")]),
        };

        Assert.Empty(await ErrorsAsync(query));
    }
}
