using System.Diagnostics.CodeAnalysis;
using Layers.Domain.Common;
using Layers.Domain.Influencers;
using Layers.Domain.Projects;

namespace Layers.Domain.Tests.Common;

public sealed class InfluencerIdTests() : PrefixedIdTests<InfluencerIdKind>(
    "An influencer id cannot be empty.", "Invalid influencer id. Expected 'inf_<uuid>'.");

public sealed class ProjectIdTests() : PrefixedIdTests<ProjectIdKind>(
    "A project id cannot be empty.", "Invalid project id. Expected 'prj_<uuid>'.");

/// <summary>The id rules, written once and run for every kind: only the prefix and the messages differ.</summary>
[SuppressMessage(
    "Design",
    "CA1000:Do not declare static members on generic types",
    Justification = "xunit reads theory data from static members; each kind's test class closes the type.")]
public abstract class PrefixedIdTests<TKind>(string emptyMessage, string invalidMessage)
    where TKind : IIdKind
{
    private const string Uuid = "4a8e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e";
    private const string EmptyUuid = "00000000-0000-0000-0000-000000000000";

    private static readonly string[] KindPrefixes = [InfluencerIdKind.Prefix, ProjectIdKind.Prefix];

    public static TheoryData<string> Accepted =>
    [
        TKind.Prefix + Uuid,
        Uuid,
        TKind.Prefix + Uuid.ToUpperInvariant(),
        "4A8E1BC2-0d3f-4B6A-9c1e-2F3A4B5C6D7E",
    ];

    public static TheoryData<string?> Rejected
    {
        get
        {
            var prefix = TKind.Prefix;
            var rejected = new TheoryData<string?>
            {
                prefix.ToUpperInvariant() + Uuid,
                prefix.TrimEnd('_') + Uuid,
                prefix + prefix + Uuid,
                prefix + EmptyUuid,
                EmptyUuid,
                "{" + Uuid + "}",
                prefix + "{" + Uuid + "}",
                "(" + Uuid + ")",
                Uuid.Replace("-", string.Empty, StringComparison.Ordinal),
                prefix + Uuid.Replace("-", string.Empty, StringComparison.Ordinal),
                " " + prefix + Uuid,
                prefix + Uuid + " ",
                " " + Uuid,
                Uuid + "\n",
                prefix,
                string.Empty,
                (string?)null,
            };
            foreach (var other in KindPrefixes.Where(other => other != prefix))
            {
                rejected.Add(other + Uuid);
            }

            return rejected;
        }
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void TryParse_accepts_the_prefixed_or_bare_uuid_in_either_case(string text)
    {
        Assert.True(PrefixedId<TKind>.TryParse(text, out var id));
        Assert.Equal(Guid.Parse(Uuid), id.Value.Value);
    }

    [Theory]
    [MemberData(nameof(Rejected))]
    public void TryParse_rejects_anything_else_with_the_kinds_message(string? text)
    {
        Assert.False(PrefixedId<TKind>.TryParse(text, out var id, out var error));
        Assert.Null(id);
        Assert.Equal(invalidMessage, error);
    }

    [Fact]
    public void ToString_renders_the_prefix_and_the_lowercase_hyphenated_uuid()
    {
        var id = new PrefixedId<TKind>(Guid.Parse(Uuid.ToUpperInvariant()));

        Assert.Equal(TKind.Prefix + Uuid, id.ToString());
    }

    [Fact]
    public void ToString_round_trips_through_TryParse()
    {
        var id = PrefixedId<TKind>.New();

        Assert.True(PrefixedId<TKind>.TryParse(id.ToString(), out var parsed));
        Assert.Equal(id, parsed);
    }

    [Fact]
    public void Ids_of_the_same_uuid_are_equal_as_values()
    {
        var id = new PrefixedId<TKind>(Guid.Parse(Uuid));
        var same = new PrefixedId<TKind>(Guid.Parse(Uuid));

        Assert.Equal(id, same);
        Assert.Equal(id.GetHashCode(), same.GetHashCode());
        Assert.NotEqual(id, PrefixedId<TKind>.New());
    }

    [Fact]
    public void The_empty_uuid_is_not_an_id()
    {
        var exception = Assert.Throws<DomainException>(() => new PrefixedId<TKind>(Guid.Empty));

        Assert.Equal(emptyMessage, exception.Message);
    }
}
