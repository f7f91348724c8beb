using Layers.Domain.Common;
using Layers.Domain.Organizations;

namespace Layers.Domain.Tests.Organizations;

public class OrgSlugTests
{
    public static TheoryData<string> AcceptedSlugs { get; } =
    [
        "a",
        "acme",
        "acme-2026",
        "0",
        "-",
        new string('a', 63),
    ];

    [Theory]
    [MemberData(nameof(AcceptedSlugs))]
    public void Lowercase_letters_digits_and_hyphens_up_to_63_characters_are_a_slug(string text)
    {
        Assert.True(OrgSlug.TryCreate(text, out var slug));
        Assert.Equal(text, slug.Value);
        Assert.Equal(text, slug.ToString());
    }

    public static TheoryData<string> RejectedSlugs { get; } =
    [
        "",
        new string('a', 64),
        "Acme",
        "acme corp",
        "acme_corp",
        "acme.corp",
        " acme",
        "acmé",
        "ａｃｍｅ",
    ];

    [Theory]
    [MemberData(nameof(RejectedSlugs))]
    public void Anything_else_is_not_a_slug(string text)
    {
        Assert.False(OrgSlug.TryCreate(text, out var slug));
        Assert.Null(slug);
    }

    [Fact]
    public void Null_is_not_a_slug()
    {
        Assert.False(OrgSlug.TryCreate(null, out var slug));
        Assert.Null(slug);
    }

    [Fact]
    public void Create_throws_a_message_naming_the_rejected_text()
    {
        var exception = Assert.Throws<DomainException>(() => OrgSlug.Create("Acme"));

        Assert.Equal("'Acme' is not a valid org slug (lowercase letters, digits and hyphens).", exception.Message);
    }
}
