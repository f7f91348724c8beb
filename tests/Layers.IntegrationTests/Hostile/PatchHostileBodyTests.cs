using System.Net;
using CsCheck;
using Layers.Application.Influencers;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Hostile;

/// <summary>
/// PATCH /v1/influencers/{id} with a valid key and hostile bodies: the answer is always a
/// documented status, and nothing but a 200 touches the row.
/// </summary>
/// <remarks>
/// A failing property prints its seed ("Set seed: ... or -e CsCheck_Seed=..."). To replay it:
/// <c>CsCheck_Seed=&lt;seed&gt; dotnet test --project tests/Layers.IntegrationTests -- --filter-class "Layers.IntegrationTests.Hostile.PatchHostileBodyTests"</c>
/// (CsCheck reads the variable once per process and tries that seed first).
/// </remarks>
public sealed class PatchHostileBodyTests(LayersFixture fixture)
{
    /// <summary>With the POST property, 2 000 generated bodies per run: about 5 s on two shared cores.</summary>
    public const int GeneratedBodies = 1_000;

    [Fact]
    public async Task Generated_bodies_get_a_documented_answer_and_leave_the_row_unchanged_unless_accepted()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();

        // One thread: each case compares the row before and after, so no other case may write it meanwhile.
        await HostileBodies.For(tenant.Project.Id.ToString()).SampleAsync(
            body => PatchAsync(client, influencer.Id.Value, body, expected: null),
            iter: GeneratedBodies,
            threads: 1,
            print: body => body.ToString());
    }

    [Theory]
    [MemberData(nameof(HostileCorpus.Names), MemberType = typeof(HostileCorpus))]
    public async Task Named_hostile_body_gets_its_documented_answer_and_changes_the_row_only_when_accepted(string name)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        using var client = await tenant.ClientAsync();

        await PatchAsync(client, influencer.Id.Value, HostileCorpus.Build(name, requiredMembers: string.Empty), HostileCorpus.Expected(name));
    }

    private async Task PatchAsync(HttpClient client, Guid influencerId, HostileBody body, Outcome? expected)
    {
        var before = await InfluencerRow.ReadAsync(fixture.DataSource, influencerId);
        using var content = body.ToContent();
        using var response = await client.PatchAsync(
            new Uri($"/v1/influencers/inf_{influencerId}", UriKind.Relative), content, TestContext.Current.CancellationToken);

        var answer = await HostileResponse.CheckAsync(response, HttpStatusCode.OK, body);
        if (expected is { } outcome)
        {
            Assert.Equal(HostileResponse.StatusOf(outcome, HttpStatusCode.OK), response.StatusCode);
        }

        var after = await InfluencerRow.ReadAsync(fixture.DataSource, influencerId);
        Assert.NotNull(after);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Equal(before, after);
            return;
        }

        // The 200 shows the row as stored, not merely what was sent.
        Assert.Equal(after.Name, answer.GetProperty("name").GetString());
        Assert.Equal(after.Gender, answer.GetProperty("gender").GetString());
        Assert.Equal(after.AgeRange, answer.GetProperty("ageRange").GetString());
        Assert.Equal(after.BrandVoice, answer.GetProperty("brandVoice").GetString());
        Assert.Equal(after.Language, answer.GetProperty("language").GetString());
        Assert.Equal(
            InfluencerMappingProfile.FormatTimestamp(new DateTimeOffset(DateTime.SpecifyKind(after.UpdatedAt, DateTimeKind.Utc))),
            answer.GetProperty("updatedAt").GetString());
        Assert.Equal($"inf_{influencerId}", answer.GetProperty("influencerId").GetString());
    }
}
