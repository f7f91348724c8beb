using System.Text.Json;
using FluentValidation;
using Layers.Api.Binding;
using Layers.Application.Common.Behaviors;
using Layers.Application.Common.Concurrency;
using Layers.Application.Common.Exceptions;
using Layers.Application.Common.Input;
using Layers.Application.Influencers;
using Layers.Application.Influencers.Commands.CloneInfluencer;
using Layers.Application.Influencers.Commands.CreateInfluencer;
using Layers.Application.Influencers.Commands.PatchInfluencer;
using Layers.Domain.Influencers;
using Layers.Domain.Projects;

namespace Layers.Api.Tests.Binding;

/// <summary>
/// The strict bodies turned into typed commands: what the JSON gets wrong becomes input errors,
/// reported with the validators' findings. The value rules themselves are tested in Domain, the
/// command rules in Application; these check the wire.
/// </summary>
public sealed class InfluencerBodiesTests
{
    private const string InvalidLanguage = "Invalid language tag. Expected a well-formed BCP 47 tag such as 'en' or 'es-MX'.";
    private const string ProjectIdText = "prj_0b7e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e";
    private static readonly InfluencerId Id = new(Guid.Parse("4a8e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e"));

    private static JsonObjectBody Body(string json) => JsonBodyReader.Parse(System.Text.Encoding.UTF8.GetBytes(json));

    private static List<(string Field, string Message)> Errors(IHasInputErrors command) =>
        [.. command.InputErrors.FormErrors.Select(message => (string.Empty, message)), .. command.InputErrors.FieldErrors.Select(error => (error.Key, error.Value))];

    private static PatchInfluencerCommand Patch(string json) => InfluencerBodies.ToPatchCommand(Body(json), Id, precondition: null);

    [Fact]
    public void A_patch_gives_each_sent_field_typed_and_leaves_the_others_absent()
    {
        var command = Patch("""{"name":"Ava Chen","ageRange":null,"brandVoice":"casual","language":"zh-Hans-CN"}""");

        Assert.Empty(Errors(command));
        Assert.Equal(InfluencerName.Create("Ava Chen"), command.Name.Value);
        Assert.Equal((true, (AgeRange?)null), (command.AgeRange.IsGiven, command.AgeRange.Value));
        Assert.Equal(BrandVoice.Casual, command.BrandVoice.Value);
        Assert.Equal(LanguageTag.Create("zh-Hans-CN"), command.Language.Value);
        Assert.False(command.Gender.IsGiven);
        Assert.Equal(Id, command.InfluencerId);
    }

    [Fact]
    public void A_null_gender_is_given_as_null_for_the_command_to_refuse()
    {
        var command = Patch("""{"gender":null}""");

        Assert.Empty(Errors(command));
        Assert.Equal((true, (Gender?)null), (command.Gender.IsGiven, command.Gender.Value));
    }

    [Fact]
    public void Every_unknown_field_is_reported_and_field_names_are_case_sensitive()
    {
        Assert.Equal(
            [("nickname", "Unrecognized field."), ("Name", "Unrecognized field."), ("brand_voice", "Unrecognized field."), ("projectId", "Unrecognized field.")],
            Errors(Patch($$"""{"nickname":"Ava","Name":"Ava","brand_voice":"casual","brandVoice":"casual","projectId":"{{ProjectIdText}}"}""")));
    }

    [Fact]
    public void Field_errors_keep_the_order_the_body_sent_its_fields_in()
    {
        Assert.Equal(
            [("language", "Expected string, received number"), ("status", "Unrecognized field."), ("gender", "Invalid enum value. Expected 'male' | 'female' | 'non_binary', received 'x'"), ("nickname", "Unrecognized field."), ("name", "Name must be at least 1 character.")],
            Errors(Patch("""{"language":1,"status":"ready","gender":"x","ageRange":null,"nickname":"Ava","name":""}""")));
    }

    public static TheoryData<string, string, string> TypeMismatches()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var field in new[] { "name", "gender", "ageRange", "brandVoice", "language" })
        {
            data.Add(field, "1", "Expected string, received number");
            data.Add(field, "true", "Expected string, received boolean");
            data.Add(field, "false", "Expected string, received boolean");
            data.Add(field, "{}", "Expected string, received object");
            data.Add(field, "[]", "Expected string, received array");
        }

        foreach (var field in new[] { "name", "brandVoice", "language" })
        {
            data.Add(field, "null", "Expected string, received null");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TypeMismatches))]
    public void A_value_of_the_wrong_json_type_is_reported_under_its_field(string field, string json, string message)
    {
        Assert.Equal([(field, message)], Errors(Patch($$"""{"{{field}}":{{json}}}""")));
    }

    [Theory]
    [InlineData("name", "\"\"", "Name must be at least 1 character.")]
    [InlineData("gender", "\"Male\"", "Invalid enum value. Expected 'male' | 'female' | 'non_binary', received 'Male'")]
    [InlineData("gender", "\"{PropertyName}\"", "Invalid enum value. Expected 'male' | 'female' | 'non_binary', received '{PropertyName}'")]
    [InlineData("ageRange", "\"youngAdult\"", "Invalid enum value. Expected 'teen' | 'young_adult' | 'adult' | 'mid_adult' | 'mature' | 'senior', received 'youngAdult'")]
    [InlineData("brandVoice", "\"sarcastic\"", "Invalid enum value. Expected 'authentic' | 'witty' | 'professional' | 'warm' | 'casual' | 'educational', received 'sarcastic'")]
    [InlineData("language", "\"es_MX\"", InvalidLanguage)]
    public void A_text_that_is_no_value_of_its_field_reports_why_verbatim(string field, string json, string message)
    {
        Assert.Equal([(field, message)], Errors(Patch($$"""{"{{field}}":{{json}}}""")));
    }

    [Fact]
    public void The_bodys_form_errors_come_first_and_verbatim()
    {
        Assert.Equal(
            [("", "Duplicate field '{PropertyName}'."), ("gender", "Invalid enum value. Expected 'male' | 'female' | 'non_binary', received 'x'")],
            Errors(Patch("""{"gender":"x","{PropertyName}":1,"{PropertyName}":2}""")).Where(error => error.Field != "{PropertyName}").ToList());
    }

    [Fact]
    public async Task Every_problem_in_a_patch_is_reported_at_once()
    {
        var exception = await Assert.ThrowsAsync<RequestValidationException>(() => ValidateAsync(
            Patch("""{"name":"","gender":null,"ageRange":1,"brandVoice":"loud","language":"en_US","status":"ready","name":"Bo"}"""),
            new PatchInfluencerCommandValidator()));

        Assert.Equal(["Duplicate field 'name'."], exception.FormErrors);
        Assert.Equal(
            new Dictionary<string, IReadOnlyList<string>>
            {
                ["name"] = ["Name must be at least 1 character."],
                ["gender"] = ["Gender cannot be cleared."],
                ["ageRange"] = ["Expected string, received number"],
                ["brandVoice"] = ["Invalid enum value. Expected 'authentic' | 'witty' | 'professional' | 'warm' | 'casual' | 'educational', received 'loud'"],
                ["language"] = [InvalidLanguage],
                ["status"] = ["Unrecognized field."],
            },
            exception.FieldErrors);
    }

    [Fact]
    public void A_create_gives_each_sent_field_typed()
    {
        var command = InfluencerBodies.ToCreateCommand(Body($$"""{"projectId":"{{ProjectIdText}}","name":"Mia","gender":"female","ageRange":null}"""));

        Assert.Empty(Errors(command));
        Assert.Equal(new CreateInfluencerCommand(ProjectId.TryParse(ProjectIdText, out var project) ? project : null, InfluencerName.Create("Mia"), Gender.Female), command);
    }

    [Theory]
    [InlineData("gender", "null", "Expected string, received null")]
    [InlineData("projectId", "null", "Expected string, received null")]
    [InlineData("projectId", "7", "Expected string, received number")]
    [InlineData("projectId", "\"inf_0b7e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e\"", "Invalid project id. Expected 'prj_<uuid>'.")]
    [InlineData("status", "\"ready\"", "Unrecognized field.")]
    public void A_create_reports_what_its_json_gets_wrong(string field, string json, string message)
    {
        Assert.Equal([(field, message)], Errors(InfluencerBodies.ToCreateCommand(Body($$"""{"{{field}}":{{json}}}"""))));
    }

    [Theory]
    [InlineData("{", "Malformed JSON.")]
    [InlineData("[]", "Body must be a JSON object.")]
    public async Task An_unreadable_create_reports_the_form_error_and_the_missing_fields(string json, string formError)
    {
        var exception = await Assert.ThrowsAsync<RequestValidationException>(() =>
            ValidateAsync(InfluencerBodies.ToCreateCommand(Body(json)), new CreateInfluencerCommandValidator(null!, null!)));

        Assert.Equal([formError], exception.FormErrors);
        Assert.Equal(["projectId", "name", "gender"], exception.FieldErrors.Keys);
        Assert.All(exception.FieldErrors.Values, messages => Assert.Equal(["Required"], messages));
    }

    [Fact]
    public void A_clone_gives_its_language_and_name_typed_with_the_source_and_precondition()
    {
        var precondition = new VersionPrecondition(VersionSet.Of([3]), null);

        var command = InfluencerBodies.ToCloneCommand(Body("""{"language":"ES-mx","name":"Ava MX"}"""), Id, precondition);

        Assert.Empty(Errors(command));
        Assert.Equal((Id, LanguageTag.Create("es-MX"), InfluencerName.Create("Ava MX"), precondition), (command.InfluencerId, command.Language, command.Name, command.Precondition));
    }

    [Theory]
    [InlineData("""{"language":"fr","gender":"male"}""", "gender", "Unrecognized field.")]
    [InlineData("""{"language":"fr","projectId":"prj_0b7e1bc2-0d3f-4b6a-9c1e-2f3a4b5c6d7e"}""", "projectId", "Unrecognized field.")]
    [InlineData("""{"language":"fr","Name":"Ava"}""", "Name", "Unrecognized field.")]
    [InlineData("""{"language":null}""", "language", "Expected string, received null")]
    [InlineData("""{"language":"es_MX"}""", "language", InvalidLanguage)]
    [InlineData("""{"language":"fr","name":null}""", "name", "Expected string, received null")]
    [InlineData("""{"language":"fr","name":""}""", "name", "Name must be at least 1 character.")]
    public void A_clone_reports_what_its_json_gets_wrong_as_patch_does(string json, string field, string message)
    {
        Assert.Equal([(field, message)], Errors(InfluencerBodies.ToCloneCommand(Body(json), Id, precondition: null)));
    }

    [Theory]
    [InlineData("{", "Malformed JSON.")]
    [InlineData("[]", "Body must be a JSON object.")]
    [InlineData("""{"language":"fr","language":"de"}""", "Duplicate field 'language'.")]
    public async Task An_unreadable_clone_reports_the_form_error_and_the_missing_language(string json, string formError)
    {
        var exception = await Assert.ThrowsAsync<RequestValidationException>(() =>
            ValidateAsync(InfluencerBodies.ToCloneCommand(Body(json), Id, precondition: null), new CloneInfluencerCommandValidator()));

        Assert.Equal([formError], exception.FormErrors);
        Assert.Equal(json.Contains("language", StringComparison.Ordinal) ? [] : ["language"], exception.FieldErrors.Keys);
    }

    private static Task<int> ValidateAsync<TCommand>(TCommand command, IValidator<TCommand> validator)
        where TCommand : notnull =>
        new ValidationBehavior<TCommand, int>([validator]).Handle(command, TestContext.Current.CancellationToken, () => Task.FromResult(0));
}
