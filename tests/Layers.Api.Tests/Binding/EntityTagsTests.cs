using Layers.Api.Binding;
using Layers.Application.Common.Concurrency;
using Microsoft.Extensions.Primitives;

namespace Layers.Api.Tests.Binding;

/// <summary>How If-Match and If-None-Match field values are read as versions; no server needed.</summary>
public sealed class EntityTagsTests
{
    [Fact]
    public void An_absent_header_is_no_condition()
    {
        Assert.Null(EntityTags.ParseIfMatch(StringValues.Empty));
        Assert.Null(EntityTags.ParseIfNoneMatch(StringValues.Empty));
    }

    [Theory]
    [InlineData("\"v17\"", new long[] { 17 })]
    [InlineData("\"v0\"", new long[] { 0 })]
    [InlineData("\"v9223372036854775807\"", new[] { long.MaxValue })]
    [InlineData("\"v017\"", new long[0])]
    [InlineData("\"v+17\"", new long[0])]
    [InlineData("\"v-17\"", new long[0])]
    [InlineData("\"V17\"", new long[0])]
    [InlineData("\"17\"", new long[0])]
    [InlineData("\"v17.0\"", new long[0])]
    [InlineData("\"v9223372036854775808\"", new long[0])]
    [InlineData("\"v1\u00e9\"", new long[0])]
    [InlineData("\"v17\" \t", new long[] { 17 })]
    [InlineData(" \"v1\" , ,\"v2\",", new long[] { 1, 2 })]
    [InlineData("\"v17\", \"v017\", \"abc\"", new long[] { 17 })]
    public void A_strong_tag_names_a_version_only_as_the_server_spells_it(string fieldValue, long[] versions)
    {
        AssertNames(versions, EntityTags.ParseIfMatch(fieldValue));
        AssertNames(versions, EntityTags.ParseIfNoneMatch(fieldValue));
    }

    [Theory]
    [InlineData("W/\"v17\"", new long[0], new long[] { 17 })]
    [InlineData("W/\"v17\", \"v18\"", new long[] { 18 }, new long[] { 17, 18 })]
    [InlineData("W/\"v017\"", new long[0], new long[0])]
    public void A_weak_tag_never_matches_if_match_but_matches_if_none_match(string fieldValue, long[] ifMatch, long[] ifNoneMatch)
    {
        AssertNames(ifMatch, EntityTags.ParseIfMatch(fieldValue));
        AssertNames(ifNoneMatch, EntityTags.ParseIfNoneMatch(fieldValue));
    }

    [Theory]
    [InlineData("*")]
    [InlineData(" * ")]
    public void A_star_alone_is_any_version(string fieldValue)
    {
        Assert.Same(VersionSet.Any, EntityTags.ParseIfMatch(fieldValue));
        Assert.Same(VersionSet.Any, EntityTags.ParseIfNoneMatch(fieldValue));
    }

    /// <summary>Malformed: If-Match then matches no version (412) and If-None-Match stops nothing.</summary>
    [Theory]
    [InlineData("\"v17 \"")]
    [InlineData("\"v1\u007f\"")]
    [InlineData("\"v1\u0100\"")]
    [InlineData("v17")]
    [InlineData("\"v17")]
    [InlineData("\"v17\"\"v18\"")]
    [InlineData("\"v17\" \"v18\"")]
    [InlineData("\"v17\";")]
    [InlineData("\"v17\", v18")]
    [InlineData("w/\"v17\"")]
    [InlineData("W/ \"v17\"")]
    [InlineData("W/v17")]
    [InlineData("\"v17\", *")]
    [InlineData("*, \"v17\"")]
    [InlineData("*, *")]
    [InlineData("**")]
    [InlineData("")]
    public void A_malformed_header_names_no_version(string fieldValue)
    {
        AssertNames([], EntityTags.ParseIfMatch(fieldValue));
        AssertNames([], EntityTags.ParseIfNoneMatch(fieldValue));
    }

    [Fact]
    public void Several_field_lines_form_one_list()
    {
        AssertNames([1, 2], EntityTags.ParseIfMatch(new StringValues(["\"v1\"", "\"v2\""])));
        AssertNames([1, 2], EntityTags.ParseIfNoneMatch(new StringValues(["W/\"v1\"", "\"v2\""])));
    }

    [Theory]
    [InlineData("*", "\"v17\"")]
    [InlineData("\"v17\"", "*")]
    [InlineData("*", "*")]
    [InlineData("\"v17\"", "v18")]
    public void A_star_among_several_field_lines_or_one_malformed_line_names_no_version(string first, string second)
    {
        AssertNames([], EntityTags.ParseIfMatch(new StringValues([first, second])));
        AssertNames([], EntityTags.ParseIfNoneMatch(new StringValues([first, second])));
    }

    [Fact]
    public void The_tag_of_a_version_is_v_and_the_decimal_version_quoted() =>
        Assert.Equal("\"v17\"", EntityTags.Format(17));

    private static void AssertNames(long[] versions, VersionSet? parsed)
    {
        Assert.NotNull(parsed);
        Assert.False(parsed.IsAny);
        Assert.Equal(versions, parsed.Versions);
    }
}
