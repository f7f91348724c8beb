using Layers.Application.Influencers;
using Layers.Application.Influencers.Queries.ListInfluencers;
using Layers.Application.Tests.Support;
using Layers.Domain.Organizations;

namespace Layers.Application.Tests.Influencers.Queries.ListInfluencers;

public class InfluencerListCursorTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(value => (byte)value)];
    private static readonly OrgId OtherOrg = new(Guid.Parse("0c0c0c0c-1111-4222-8333-444455556666"));
    private static readonly ProjectId OtherProject = new(Guid.Parse("0d0d0d0d-1111-4222-8333-444455556666"));

    // Microseconds, as PostgreSQL stores them.
    private static readonly InfluencerListPosition Position = new(TestInfluencers.CreatedAt.AddTicks(1_234_560), TestInfluencers.Id);

    private static InfluencerListCursor Issue(ProjectId? projectId = null) => InfluencerListCursor.Issue(Key, Callers.Org, projectId, Position);

    [Fact]
    public void A_cursor_reads_back_as_the_position_it_was_issued_for()
    {
        var text = Issue().ToString();

        Assert.True(InfluencerListCursor.TryParse(text, out var cursor));
        Assert.Equal(Position, cursor.Position);
        Assert.Equal(text, cursor.ToString());
        Assert.Equal(InfluencerListCursor.TextLength, text.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", text);
    }

    [Fact]
    public void A_cursor_is_issued_for_its_org_and_project_filter_and_no_other()
    {
        Assert.True(InfluencerListCursor.TryParse(Issue(TestInfluencers.Project).ToString(), out var cursor));

        Assert.True(cursor.IsIssuedFor(Key, Callers.Org, TestInfluencers.Project));
        Assert.False(cursor.IsIssuedFor(Key, OtherOrg, TestInfluencers.Project));
        Assert.False(cursor.IsIssuedFor(Key, Callers.Org, OtherProject));
        Assert.False(cursor.IsIssuedFor(Key, Callers.Org, projectId: null));
        Assert.False(cursor.IsIssuedFor([.. Key.Reverse()], Callers.Org, TestInfluencers.Project));
    }

    [Fact]
    public void A_cursor_for_all_projects_holds_only_without_a_project_filter()
    {
        Assert.True(InfluencerListCursor.TryParse(Issue().ToString(), out var cursor));

        Assert.True(cursor.IsIssuedFor(Key, Callers.Org, projectId: null));
        Assert.False(cursor.IsIssuedFor(Key, Callers.Org, TestInfluencers.Project));
    }

    [Fact]
    public void Any_altered_character_makes_a_cursor_that_is_malformed_or_not_issued()
    {
        var text = Issue().ToString();
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        for (var i = 0; i < text.Length; i++)
        {
            var replacement = Alphabet[(Alphabet.IndexOf(text[i], StringComparison.Ordinal) + 1) % Alphabet.Length];
            var altered = string.Concat(text.AsSpan(0, i), [replacement], text.AsSpan(i + 1));

            Assert.False(
                InfluencerListCursor.TryParse(altered, out var cursor) && cursor.IsIssuedFor(Key, Callers.Org, projectId: null),
                $"altered at {i}: {altered}");
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("{cursor}=")]
    [InlineData(" {cursor}")]
    [InlineData("{cursor}A")]
    [InlineData("{cursor-1}")]
    [InlineData("{cursor+}")]
    [InlineData("{cursor/}")]
    [InlineData("{cursor-last-bits}")]
    [InlineData("{version-2}")]
    [InlineData("{empty-id}")]
    [InlineData("{time-out-of-range}")]
    public void Text_in_any_other_form_is_no_cursor(string? form)
    {
        var text = Issue().ToString();
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(text);
        var input = form?
            .Replace("{cursor-1}", text[..^1], StringComparison.Ordinal)
            .Replace("{cursor+}", text[..^1] + "+", StringComparison.Ordinal)
            .Replace("{cursor/}", "/" + text[1..], StringComparison.Ordinal)
            .Replace("{cursor-last-bits}", text[..^1] + NextInAlphabet(text[^1]), StringComparison.Ordinal)
            .Replace("{version-2}", Encode(bytes, span => span[0] = 2), StringComparison.Ordinal)
            .Replace("{empty-id}", Encode(bytes, span => span.Slice(9, 16).Clear()), StringComparison.Ordinal)
            .Replace("{time-out-of-range}", Encode(bytes, span => span.Slice(1, 8).Fill(0x7F)), StringComparison.Ordinal)
            .Replace("{cursor}", text, StringComparison.Ordinal);

        Assert.False(InfluencerListCursor.TryParse(input, out _));
    }

    // Keeps the six bits' upper four, so the bytes decode the same and only the unused two differ.
    private static char NextInAlphabet(char last)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return Alphabet[Alphabet.IndexOf(last, StringComparison.Ordinal) | 1];
    }

    private static string Encode(byte[] bytes, SpanAction change)
    {
        var copy = bytes.ToArray();
        change(copy);
        return System.Buffers.Text.Base64Url.EncodeToString(copy);
    }

    private delegate void SpanAction(Span<byte> span);
}
