using System.Net;
using CsCheck;
using Dapper;
using Layers.Domain.Influencers;
using Layers.Domain.Organizations;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Hostile;

/// <summary>
/// POST /v1/influencers with a valid key and hostile bodies: the answer is always a documented
/// status, and nothing but a 201 adds an influencer to the tenant.
/// </summary>
/// <remarks>
/// A failing property prints its seed ("Set seed: ... or -e CsCheck_Seed=..."). To replay it:
/// <c>CsCheck_Seed=&lt;seed&gt; dotnet test --project tests/Layers.IntegrationTests -- --filter-class "Layers.IntegrationTests.Hostile.CreateHostileBodyTests"</c>
/// (CsCheck reads the variable once per process and tries that seed first).
/// </remarks>
public sealed class CreateHostileBodyTests(LayersFixture fixture)
{
    public const int GeneratedBodies = 1_000;

    [Fact]
    public async Task Generated_bodies_get_a_documented_answer_and_create_nothing_unless_accepted()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();

        // One thread: each case counts the tenant's influencers before and after.
        await HostileBodies.For(tenant.Project.Id.ToString()).SampleAsync(
            body => CreateAsync(client, tenant.Org.Id, body, expected: null),
            iter: GeneratedBodies,
            threads: 1,
            print: body => body.ToString());
    }

    [Theory]
    [MemberData(nameof(HostileCorpus.Names), MemberType = typeof(HostileCorpus))]
    public async Task Named_hostile_body_gets_its_documented_answer_and_creates_only_when_accepted(string name)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();
        var required = $"""
            "projectId":"{tenant.Project.Id}","gender":"female",
            """;

        await CreateAsync(client, tenant.Org.Id, HostileCorpus.Build(name, required), HostileCorpus.Expected(name));
    }

    private async Task CreateAsync(HttpClient client, OrgId orgId, HostileBody body, Outcome? expected)
    {
        var before = await CountAsync(orgId);
        using var content = body.ToContent();
        using var response = await client.PostAsync(new Uri("/v1/influencers", UriKind.Relative), content, TestContext.Current.CancellationToken);

        var answer = await HostileResponse.CheckAsync(response, HttpStatusCode.Created, body);
        if (expected is { } outcome)
        {
            Assert.Equal(HostileResponse.StatusOf(outcome, HttpStatusCode.Created), response.StatusCode);
        }

        var after = await CountAsync(orgId);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            Assert.Equal(before, after);
            return;
        }

        Assert.Equal(before + 1, after);
        var id = answer.GetProperty("influencerId").GetString();
        Assert.True(InfluencerId.TryParse(id, out var influencerId));
        Assert.Equal($"/v1/influencers/{id}", response.Headers.Location?.OriginalString);
        var row = await InfluencerRow.ReadAsync(fixture.DataSource, influencerId.Value.Value);
        Assert.NotNull(row);
        Assert.Equal(row.Name, answer.GetProperty("name").GetString());
        Assert.Equal(row.Language, answer.GetProperty("language").GetString());
    }

    private async Task<long> CountAsync(OrgId orgId)
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM influencers WHERE org_id = @OrgId", new { OrgId = orgId.Value });
    }
}
