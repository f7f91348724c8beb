using Layers.Domain.Common;

namespace Layers.Domain.Tests.Common;

public class DisplayNameTests
{
    private const string GrinningFace = "\U0001F600";

    public static TheoryData<string> AcceptedNames { get; } =
    [
        "A",
        new string('a', 128),
        string.Concat(Enumerable.Repeat(GrinningFace, 128)),
        "Ava Chen",
        "  Ava  ",
        "Zoë 李",
        "\U0001F469\u200D\U0001F4BB", // woman technologist: two emoji joined by a zero-width joiner
        "Ava\u200BChen",
    ];

    [Theory]
    [MemberData(nameof(AcceptedNames))]
    public void Names_of_1_to_128_code_points_are_kept_exactly_as_given(string text)
    {
        Assert.True(DisplayName.TryCreate(text, out var name, out var error));
        Assert.Null(error);
        Assert.Equal(text, name.Value);
        Assert.Equal(text, name.ToString());
    }

    [Fact]
    public void A_name_of_128_emoji_is_256_utf16_units_and_accepted()
    {
        var text = string.Concat(Enumerable.Repeat(GrinningFace, 128));

        Assert.Equal(256, text.Length);
        Assert.True(DisplayName.TryCreate(text, out _, out _));
    }

    public static TheoryData<string?, string> RejectedNames { get; } = new()
    {
        { null, "Name must be at least 1 character." },
        { "", "Name must be at least 1 character." },
        { new string('a', 129), "Name must be at most 128 characters." },
        { new string('a', 100_000), "Name must be at most 128 characters." },
        { string.Concat(Enumerable.Repeat(GrinningFace, 129)), "Name must be at most 128 characters." },
        { " ", "Name must not be blank." },
        { " \t ", "Name must not contain control characters." },
        { "ci\tfake-key-id\tinfluencers:write", "Name must not contain control characters." },
        { "\u00A0\u2003\u3000", "Name must not be blank." },
        { "\u200B", "Name must not be blank." },
        { "\u200B\u200C\u200D\u2060\uFEFF", "Name must not be blank." },
        { " \u200B ", "Name must not be blank." },
        { "Ava\u0000", "Name must not contain control characters." },
        { "Ava\u001F", "Name must not contain control characters." },
        { "Ava\u007F", "Name must not contain control characters." },
        { "Ava\u0085", "Name must not contain control characters." },
        { "Ava\nChen", "Name must not contain control characters." },
        { "Ava\uD83D", "Name must not contain unpaired surrogates." },
        { "\uD83DAva", "Name must not contain unpaired surrogates." },
        { "Ava\uDE00", "Name must not contain unpaired surrogates." },
        { "\uDE00\uD83D", "Name must not contain unpaired surrogates." },
    };

    [Theory]
    [MemberData(nameof(RejectedNames))]
    public void Invalid_names_are_rejected_with_their_message(string? text, string message)
    {
        Assert.False(DisplayName.TryCreate(text, out var name, out var error));
        Assert.Null(name);
        Assert.Equal(message, error);
    }

    [Fact]
    public void Create_throws_the_same_message_for_an_invalid_name()
    {
        var exception = Assert.Throws<DomainException>(() => DisplayName.Create("   "));

        Assert.Equal("Name must not be blank.", exception.Message);
    }

    [Fact]
    public void Names_compare_ordinally()
    {
        Assert.Equal(DisplayName.Create("Ava"), DisplayName.Create("Ava"));
        Assert.NotEqual(DisplayName.Create("Ava"), DisplayName.Create("ava"));
    }
}
