using Layers.Api.Idempotency;
using Microsoft.Extensions.Primitives;

namespace Layers.Api.Tests.Idempotency;

/// <summary>How an Idempotency-Key header is read as a key; no server needed.</summary>
public sealed class IdempotencyKeyHeaderTests
{
    private static readonly string Longest = new('k', 255);

    [Theory]
    [InlineData("a", "a")]
    [InlineData("4f7c1e2a-9b1d-4c3e-8f00-6a2b9c1d0e11", "4f7c1e2a-9b1d-4c3e-8f00-6a2b9c1d0e11")]
    [InlineData("order 42, retry", "order 42, retry")]
    [InlineData(" !\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~", "!\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~")]
    [InlineData(" \tabc\t ", "abc")]
    public void A_key_is_its_printable_ascii_characters_without_the_whitespace_around_them(string fieldValue, string key)
    {
        Assert.True(IdempotencyKeyHeader.TryParse(fieldValue, out var parsed, out var error));
        Assert.Equal((key, (string?)null), (parsed, error));
    }

    [Fact]
    public void A_key_may_have_255_characters()
    {
        Assert.True(IdempotencyKeyHeader.TryParse($"  {Longest}  ", out var parsed, out _));
        Assert.Equal(Longest, parsed);
    }

    [Theory]
    [InlineData("", "Expected 1 to 255 characters, received 0.")]
    [InlineData(" \t ", "Expected 1 to 255 characters, received 0.")]
    [InlineData("{256}", "Expected 1 to 255 characters, received 256.")]
    [InlineData("a\tb", "Expected printable ASCII characters (space to '~'), received U+0009.")]
    [InlineData("a\u001fb", "Expected printable ASCII characters (space to '~'), received U+001F.")]
    [InlineData("a\u007fb", "Expected printable ASCII characters (space to '~'), received U+007F.")]
    [InlineData("caf\u00e9", "Expected printable ASCII characters (space to '~'), received U+00E9.")]
    [InlineData("a\u0000", "Expected printable ASCII characters (space to '~'), received U+0000.")]
    public void Anything_else_is_refused_with_what_was_wrong(string fieldValue, string message)
    {
        fieldValue = fieldValue.Replace("{256}", Longest + "k", StringComparison.Ordinal);

        Assert.False(IdempotencyKeyHeader.TryParse(fieldValue, out var parsed, out var error));
        Assert.Equal(((string?)null, message), (parsed, error));
    }

    [Fact]
    public void Several_field_lines_are_refused_even_when_equal()
    {
        Assert.False(IdempotencyKeyHeader.TryParse(new StringValues(["a", "a"]), out var parsed, out var error));
        Assert.Equal(((string?)null, "Expected one Idempotency-Key header, received 2."), (parsed, error));
    }
}
