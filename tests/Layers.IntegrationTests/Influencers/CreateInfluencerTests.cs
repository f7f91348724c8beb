using System.Net;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Influencers;

public sealed class CreateInfluencerTests(LayersFixture fixture)
{
    private const string ProjectNotFound = "Project not found.";

    [Fact]
    public async Task Create_with_every_field_stores_and_returns_the_record()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync("influencers:write");
        var start = DateTime.UtcNow;

        using var response = await client.CreateInfluencerAsync($$"""
            {"projectId":"{{tenant.Project.Id}}","name":"Mia Park","gender":"non_binary","ageRange":"teen","brandVoice":"witty","language":"ZH-hans-cn"}
            """);

        var row = await AssertCreatedAsync(response, tenant);
        Assert.Equal(
            ("Mia Park", "non_binary", "teen", "witty", "zh-Hans-CN", "ready"),
            (row.Name, row.Gender, row.AgeRange, row.BrandVoice, row.Language, row.Status));
        Assert.Null(row.DeletedAt);
        Assert.Equal(row.CreatedAt, row.UpdatedAt);

        // PostgreSQL keeps microseconds, so the stored time may round to just before the start.
        Assert.InRange(row.CreatedAt, start.AddMilliseconds(-1), DateTime.UtcNow);
    }

    [Theory]
    [InlineData("prj_{uuid}")]
    [InlineData("{uuid}")]
    [InlineData("prj_{UUID}")]
    public async Task Create_with_only_the_required_fields_applies_the_defaults(string projectIdForm)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();
        var uuid = tenant.Project.Id.Value.ToString("D");
        var projectId = projectIdForm.Replace("{uuid}", uuid, StringComparison.Ordinal).Replace("{UUID}", uuid.ToUpperInvariant(), StringComparison.Ordinal);

        using var response = await client.CreateInfluencerAsync($$"""{"projectId":"{{projectId}}","name":"Mia","gender":"male"}""");

        var row = await AssertCreatedAsync(response, tenant);
        Assert.Equal(
            ("Mia", "male", (string?)null, "authentic", "en", "ready"),
            (row.Name, row.Gender, row.AgeRange, row.BrandVoice, row.Language, row.Status));
    }

    [Fact]
    public async Task Create_with_null_age_range_stores_none()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();

        using var response = await client.CreateInfluencerAsync($$"""{"projectId":"{{tenant.Project.Id}}","name":"Mia","gender":"male","ageRange":null}""");

        var row = await AssertCreatedAsync(response, tenant);
        Assert.Null(row.AgeRange);
    }

    [Fact]
    public async Task Create_without_the_required_fields_reports_each()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();

        using var response = await client.CreateInfluencerAsync("{}");

        await ApiAssert.ValidationAsync(response, [], """{"projectId":["Required"],"name":["Required"],"gender":["Required"]}""");
        Assert.Equal(0, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    [Theory]
    [InlineData("{other-org-project}")]
    [InlineData("prj_0193e2a4-7b1c-7def-8a01-5c7e9d3f2b10")]
    public async Task Create_in_a_project_outside_the_callers_org_is_rejected(string projectId)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var other = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();
        projectId = projectId.Replace("{other-org-project}", $"{other.Project.Id}", StringComparison.Ordinal);

        using var response = await client.CreateInfluencerAsync($$"""{"projectId":"{{projectId}}","name":"Mia","gender":"male"}""");

        await ApiAssert.FieldErrorAsync(response, "projectId", ProjectNotFound);
        Assert.Equal(0, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
        Assert.Equal(0, await InfluencerRow.CountAsync(fixture.DataSource, other.Org.Id.Value));
    }

    [Theory]
    [InlineData("\"inf_0193e2a4-7b1c-7def-8a01-5c7e9d3f2b10\"", "Invalid project id. Expected 'prj_<uuid>'.")]
    [InlineData("\"prj_123\"", "Invalid project id. Expected 'prj_<uuid>'.")]
    [InlineData("\"\"", "Invalid project id. Expected 'prj_<uuid>'.")]
    [InlineData("123", "Expected string, received number")]
    [InlineData("null", "Expected string, received null")]
    public async Task Create_with_an_invalid_project_id_is_rejected(string json, string message)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();

        using var response = await client.CreateInfluencerAsync($$"""{"projectId":{{json}},"name":"Mia","gender":"male"}""");

        await ApiAssert.FieldErrorAsync(response, "projectId", message);
        Assert.Equal(0, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    [Theory]
    [InlineData("\"status\":\"ready\"", "status", "Unrecognized field.")]
    [InlineData("\"Gender\":\"male\"", "Gender", "Unrecognized field.")]
    [InlineData("\"influencerId\":\"inf_0193e2a4-7b1c-7def-8a01-5c7e9d3f2b10\"", "influencerId", "Unrecognized field.")]
    [InlineData("\"ageRange\":3", "ageRange", "Expected string, received number")]
    [InlineData("\"ageRange\":\"old\"", "ageRange", "Invalid enum value. Expected 'teen' | 'young_adult' | 'adult' | 'mid_adult' | 'mature' | 'senior', received 'old'")]
    [InlineData("\"brandVoice\":null", "brandVoice", "Expected string, received null")]
    [InlineData("\"brandVoice\":true", "brandVoice", "Expected string, received boolean")]
    [InlineData("\"language\":\"en_US\"", "language", "Invalid language tag. Expected a well-formed BCP 47 tag such as 'en' or 'es-MX'.")]
    [InlineData("\"language\":\"english\"", "language", "Unknown language subtag 'english'.")]
    [InlineData("\"language\":null", "language", "Expected string, received null")]
    public async Task Create_is_as_strict_as_patch(string extra, string field, string message)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();

        using var response = await client.CreateInfluencerAsync($$"""{"projectId":"{{tenant.Project.Id}}","name":"Mia","gender":"male",{{extra}}}""");

        await ApiAssert.FieldErrorAsync(response, field, message);
        Assert.Equal(0, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    [Theory]
    [InlineData("\"name\":\"\",\"gender\":\"male\"", """{"name":["Name must be at least 1 character."]}""")]
    [InlineData("\"name\":[\"Mia\"],\"gender\":\"male\"", """{"name":["Expected string, received array"]}""")]
    [InlineData("\"name\":null,\"gender\":null", """{"name":["Expected string, received null"],"gender":["Expected string, received null"]}""")]
    [InlineData("\"name\":\"Mia\",\"gender\":\"x\"", """{"gender":["Invalid enum value. Expected 'male' | 'female' | 'non_binary', received 'x'"]}""")]
    [InlineData("\"name\":{},\"gender\":2,\"nickname\":\"M\"", """{"name":["Expected string, received object"],"gender":["Expected string, received number"],"nickname":["Unrecognized field."]}""")]
    public async Task Create_with_invalid_required_fields_reports_every_problem(string fields, string fieldErrors)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();

        using var response = await client.CreateInfluencerAsync($$"""{"projectId":"{{tenant.Project.Id}}",{{fields}}}""");

        await ApiAssert.ValidationAsync(response, [], fieldErrors);
        Assert.Equal(0, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    [Theory]
    [InlineData("[]", "Body must be a JSON object.", """{"projectId":["Required"],"name":["Required"],"gender":["Required"]}""")]
    [InlineData("{", "Malformed JSON.", """{"projectId":["Required"],"name":["Required"],"gender":["Required"]}""")]
    [InlineData("""{"name":"Mia","name":"Kai"}""", "Duplicate field 'name'.", """{"projectId":["Required"],"gender":["Required"]}""")]
    public async Task Create_with_a_body_that_is_not_a_usable_object_is_rejected(string body, string formError, string fieldErrors)
    {
        var tenant = await Tenant.CreateAsync(fixture);
        using var client = await tenant.ClientAsync();

        using var response = await client.CreateInfluencerAsync(body);

        // The required fields are reported as missing too: every problem at once.
        await ApiAssert.ValidationAsync(response, [formError], fieldErrors);
        Assert.Equal(0, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
    }

    /// <summary>201, the Location of the new record, and a record that says exactly what the new row holds.</summary>
    private async Task<InfluencerRow> AssertCreatedAsync(HttpResponseMessage response, Tenant tenant)
    {
        var record = await ApiAssert.InfluencerAsync(response, HttpStatusCode.Created);
        var influencerId = record.GetProperty("influencerId").GetString()!;
        Assert.StartsWith("inf_", influencerId, StringComparison.Ordinal);
        Assert.Equal($"/v1/influencers/{influencerId}", response.Headers.Location?.OriginalString);
        var row = await InfluencerRow.ReadExistingAsync(fixture.DataSource, Guid.ParseExact(influencerId[4..], "D"));
        Assert.Equal(tenant.Org.Id.Value, row.OrgId);
        Assert.Equal(tenant.Project.Id.Value, row.ProjectId);
        ApiAssert.MatchesRow(record, row);
        Assert.Equal(1, await InfluencerRow.CountAsync(fixture.DataSource, tenant.Org.Id.Value));
        return row;
    }
}
