using System.Text.Json;

using Layers.Application.Common.Bodies;
using Layers.Application.Influencers.Commands.CreateInfluencer;
using Layers.Application.Projects;
using Layers.Application.Tests.Support;
using Layers.Domain.Organizations;
using Layers.Domain.Projects;

using NSubstitute;

namespace Layers.Application.Tests.Influencers.Commands.CreateInfluencer;

public class CreateInfluencerCommandValidatorTests
{
    private const string InvalidProjectId = "Invalid project id. Expected 'prj_<uuid>'.";
    private const string InvalidLanguage = "Invalid language tag. Expected a well-formed BCP 47 tag such as 'en' or 'es-MX'.";

    private readonly IProjectRepository projects = Substitute.For<IProjectRepository>();

    public CreateInfluencerCommandValidatorTests()
    {
        projects.ExistsAsync(Callers.Org, TestInfluencers.Project, Arg.Any<CancellationToken>()).Returns(true);
    }

    private async Task<List<(string Field, string Message)>> ErrorsAsync(JsonObjectBody body)
    {
        var result = await new CreateInfluencerCommandValidator(projects, Callers.Writer())
            .ValidateAsync(new CreateInfluencerCommand(body), TestContext.Current.CancellationToken);
        return [.. result.Errors.Select(error => (error.PropertyName, error.ErrorMessage))];
    }

    /// <summary>A valid minimal body with <paramref name="field"/> set, added or removed (null).</summary>
    private Task<List<(string Field, string Message)>> ErrorsWithAsync(string field, BodyValue? value)
    {
        var properties = new Dictionary<string, BodyValue>(StringComparer.Ordinal)
        {
            ["projectId"] = Bodies.Text(TestInfluencers.ProjectIdText),
            ["name"] = Bodies.Text("Ava Chen"),
            ["gender"] = Bodies.Text("female"),
        };
        if (value is { } sent)
        {
            properties[field] = sent;
        }
        else
        {
            properties.Remove(field);
        }

        return ErrorsAsync(Bodies.Of([.. properties.Select(property => (property.Key, property.Value))]));
    }

    [Fact]
    public async Task Create_with_every_field_valid_is_accepted()
    {
        var errors = await ErrorsAsync(Bodies.Of(
            ("projectId", Bodies.Text(TestInfluencers.ProjectIdText)),
            ("name", Bodies.Text("Ava Chen")),
            ("gender", Bodies.Text("female")),
            ("ageRange", Bodies.Text("young_adult")),
            ("brandVoice", Bodies.Text("casual")),
            ("language", Bodies.Text("es-MX"))));

        Assert.Empty(errors);
        await projects.Received(1).ExistsAsync(Callers.Org, TestInfluencers.Project, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Create_with_an_empty_body_reports_each_required_field()
    {
        Assert.Equal(
            [("projectId", "Required"), ("name", "Required"), ("gender", "Required")],
            await ErrorsAsync(Bodies.Of()));
    }

    [Theory]
    [InlineData("projectId")]
    [InlineData("name")]
    [InlineData("gender")]
    public async Task Create_without_a_required_field_reports_it(string field)
    {
        Assert.Equal([(field, "Required")], await ErrorsWithAsync(field, null));
    }

    [Fact]
    public async Task Create_with_an_unreadable_body_reports_the_form_error_and_the_missing_fields()
    {
        Assert.Equal(
            [("", "Body must be a JSON object."), ("projectId", "Required"), ("name", "Required"), ("gender", "Required")],
            await ErrorsAsync(JsonObjectBody.Invalid("Body must be a JSON object.")));
    }

    [Fact]
    public async Task Create_with_an_unknown_field_reports_it()
    {
        Assert.Equal([("status", "Unrecognized field.")], await ErrorsWithAsync("status", Bodies.Text("ready")));
    }

    [Theory]
    [InlineData("inf_0b7e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e")]
    [InlineData("prj_00000000-0000-0000-0000-000000000000")]
    [InlineData("prj_0b7e1bc20d3f4b6a9c1e2f3a4b5c6d7e")]
    [InlineData("")]
    public async Task Create_with_a_malformed_project_id_is_rejected_without_a_lookup(string projectId)
    {
        Assert.Equal([("projectId", InvalidProjectId)], await ErrorsWithAsync("projectId", Bodies.Text(projectId)));
        Assert.Empty(projects.ReceivedCalls());
    }

    [Theory]
    [InlineData(JsonValueKind.Number, "Expected string, received number")]
    [InlineData(JsonValueKind.Null, "Expected string, received null")]
    [InlineData(JsonValueKind.Object, "Expected string, received object")]
    public async Task Create_with_a_project_id_that_is_not_a_string_is_rejected(JsonValueKind kind, string message)
    {
        Assert.Equal([("projectId", message)], await ErrorsWithAsync("projectId", Bodies.OfKind(kind)));
    }

    [Fact]
    public async Task Create_in_a_project_outside_the_callers_org_reports_project_not_found()
    {
        projects.ExistsAsync(Arg.Any<OrgId>(), Arg.Any<ProjectId>(), Arg.Any<CancellationToken>()).Returns(false);

        Assert.Equal([("projectId", "Project not found.")], await ErrorsWithAsync("projectId", Bodies.Text(TestInfluencers.ProjectIdText)));
        await projects.Received(1).ExistsAsync(Callers.Org, TestInfluencers.Project, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Create_with_null_gender_is_rejected_as_a_value_of_the_wrong_type()
    {
        Assert.Equal([("gender", "Expected string, received null")], await ErrorsWithAsync("gender", BodyValue.Null));
    }

    [Fact]
    public async Task Create_with_an_unknown_gender_lists_the_accepted_values()
    {
        Assert.Equal(
            [("gender", "Invalid enum value. Expected 'male' | 'female' | 'non_binary', received 'x'")],
            await ErrorsWithAsync("gender", Bodies.Text("x")));
    }

    [Fact]
    public async Task Create_with_a_blank_name_is_rejected()
    {
        Assert.Equal([("name", "Name must not be blank.")], await ErrorsWithAsync("name", Bodies.Text("   ")));
    }

    [Fact]
    public async Task Create_with_a_name_of_the_wrong_type_is_rejected()
    {
        Assert.Equal([("name", "Expected string, received boolean")], await ErrorsWithAsync("name", Bodies.OfKind(JsonValueKind.True)));
    }

    [Fact]
    public async Task Create_with_null_age_range_is_accepted()
    {
        Assert.Empty(await ErrorsWithAsync("ageRange", BodyValue.Null));
    }

    [Fact]
    public async Task Create_with_null_brand_voice_is_rejected()
    {
        Assert.Equal([("brandVoice", "Expected string, received null")], await ErrorsWithAsync("brandVoice", BodyValue.Null));
    }

    [Fact]
    public async Task Create_with_null_language_is_rejected()
    {
        Assert.Equal([("language", "Expected string, received null")], await ErrorsWithAsync("language", BodyValue.Null));
    }

    [Fact]
    public async Task Create_with_a_malformed_language_is_rejected()
    {
        Assert.Equal([("language", InvalidLanguage)], await ErrorsWithAsync("language", Bodies.Text("en_US")));
    }

    [Fact]
    public async Task Every_problem_in_a_body_is_reported()
    {
        var errors = await ErrorsAsync(Bodies.Of(
            ("projectId", Bodies.Text("prj_nope")),
            ("gender", Bodies.Text("Female")),
            ("ageRange", Bodies.Text("old")),
            ("brandVoice", Bodies.OfKind(JsonValueKind.Array)),
            ("language", Bodies.OfKind(JsonValueKind.Number)),
            ("influencerId", Bodies.Text(TestInfluencers.IdText))));

        Assert.Equal(
            [
                ("influencerId", "Unrecognized field."),
                ("projectId", InvalidProjectId),
                ("name", "Required"),
                ("gender", "Invalid enum value. Expected 'male' | 'female' | 'non_binary', received 'Female'"),
                ("ageRange", "Invalid enum value. Expected 'teen' | 'young_adult' | 'adult' | 'mid_adult' | 'mature' | 'senior', received 'old'"),
                ("brandVoice", "Expected string, received array"),
                ("language", "Expected string, received number"),
            ],
            errors);
    }
}
