using System.Text.Json;

using Layers.Application.Common.Bodies;
using Layers.Application.Influencers.Commands.PatchInfluencer;
using Layers.Application.Tests.Support;

namespace Layers.Application.Tests.Influencers.Commands.PatchInfluencer;

public class PatchInfluencerCommandValidatorTests
{
    private const string InvalidLanguage = "Invalid language tag. Expected a well-formed BCP 47 tag such as 'en' or 'es-MX'.";

    private static async Task<List<(string Field, string Message)>> ErrorsAsync(JsonObjectBody body)
    {
        var result = await new PatchInfluencerCommandValidator()
            .ValidateAsync(new PatchInfluencerCommand(TestInfluencers.IdText, body), TestContext.Current.CancellationToken);
        return [.. result.Errors.Select(error => (error.PropertyName, error.ErrorMessage))];
    }

    private static Task<List<(string Field, string Message)>> ErrorsAsync(string field, BodyValue value) =>
        ErrorsAsync(Bodies.Of((field, value)));

    [Fact]
    public async Task Patch_with_every_field_valid_is_accepted()
    {
        var errors = await ErrorsAsync(Bodies.Of(
            ("name", Bodies.Text("Ava Chen")),
            ("gender", Bodies.Text("non_binary")),
            ("ageRange", Bodies.Text("mid_adult")),
            ("brandVoice", Bodies.Text("casual")),
            ("language", Bodies.Text("zh-Hans-CN"))));

        Assert.Empty(errors);
    }

    [Fact]
    public async Task Patch_with_an_empty_body_needs_at_least_one_field()
    {
        Assert.Equal([("", "At least one field is required.")], await ErrorsAsync(Bodies.Of()));
    }

    [Fact]
    public async Task Patch_with_an_unreadable_body_reports_only_the_form_error()
    {
        Assert.Equal([("", "Malformed JSON.")], await ErrorsAsync(JsonObjectBody.Invalid("Malformed JSON.")));
    }

    [Fact]
    public async Task Form_errors_are_reported_with_the_field_errors()
    {
        var body = JsonObjectBody.Of(
            [KeyValuePair.Create("gender", Bodies.Text("x"))],
            ["Duplicate field 'gender'."]);

        Assert.Equal(
            [
                ("", "Duplicate field 'gender'."),
                ("gender", "Invalid enum value. Expected 'male' | 'female' | 'non_binary', received 'x'"),
            ],
            await ErrorsAsync(body));
    }

    [Fact]
    public async Task Every_unknown_field_is_reported_and_field_names_are_case_sensitive()
    {
        var errors = await ErrorsAsync(Bodies.Of(
            ("nickname", Bodies.Text("Ava")),
            ("Name", Bodies.Text("Ava")),
            ("brand_voice", Bodies.Text("casual")),
            ("brandVoice", Bodies.Text("casual"))));

        Assert.Equal(
            [
                ("nickname", "Unrecognized field."),
                ("Name", "Unrecognized field."),
                ("brand_voice", "Unrecognized field."),
            ],
            errors);
    }

    [Fact]
    public async Task A_project_id_cannot_be_patched()
    {
        Assert.Equal(
            [("projectId", "Unrecognized field.")],
            await ErrorsAsync("projectId", Bodies.Text(TestInfluencers.ProjectIdText)));
    }

    public static TheoryData<string, JsonValueKind, string> TypeMismatches()
    {
        var data = new TheoryData<string, JsonValueKind, string>();
        foreach (var field in new[] { "name", "gender", "ageRange", "brandVoice", "language" })
        {
            data.Add(field, JsonValueKind.Number, "Expected string, received number");
            data.Add(field, JsonValueKind.True, "Expected string, received boolean");
            data.Add(field, JsonValueKind.False, "Expected string, received boolean");
            data.Add(field, JsonValueKind.Object, "Expected string, received object");
            data.Add(field, JsonValueKind.Array, "Expected string, received array");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TypeMismatches))]
    public async Task A_value_of_the_wrong_json_type_is_rejected(string field, JsonValueKind kind, string message)
    {
        Assert.Equal([(field, message)], await ErrorsAsync(field, Bodies.OfKind(kind)));
    }

    [Fact]
    public async Task Patch_with_null_name_is_rejected()
    {
        Assert.Equal([("name", "Expected string, received null")], await ErrorsAsync("name", BodyValue.Null));
    }

    [Fact]
    public async Task Patch_with_null_gender_is_rejected()
    {
        Assert.Equal([("gender", "Gender cannot be cleared.")], await ErrorsAsync("gender", BodyValue.Null));
    }

    [Fact]
    public async Task Patch_with_null_age_range_is_accepted()
    {
        Assert.Empty(await ErrorsAsync("ageRange", BodyValue.Null));
    }

    [Fact]
    public async Task Patch_with_null_brand_voice_is_rejected()
    {
        Assert.Equal([("brandVoice", "Expected string, received null")], await ErrorsAsync("brandVoice", BodyValue.Null));
    }

    [Fact]
    public async Task Patch_with_null_language_is_rejected()
    {
        Assert.Equal([("language", "Expected string, received null")], await ErrorsAsync("language", BodyValue.Null));
    }

    public static TheoryData<string, string> InvalidNames { get; } = new()
    {
        { "", "Name must be at least 1 character." },
        { new string('a', 129), "Name must be at most 128 characters." },
        { " \u00A0 ", "Name must not be blank." },
        { "Ava\u0000", "Name must not contain control characters." },
        { "Ava\u0085", "Name must not contain control characters." },
        { "Ava\uD83D", "Name must not contain unpaired surrogates." },
        { "\uDE00Ava", "Name must not contain unpaired surrogates." },
    };

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public async Task Patch_with_an_invalid_name_reports_why(string name, string message)
    {
        Assert.Equal([("name", message)], await ErrorsAsync("name", Bodies.Text(name)));
    }

    [Theory]
    [InlineData("A")]
    [InlineData("  Ava  ")]
    public async Task Patch_with_a_valid_name_is_accepted(string name)
    {
        Assert.Empty(await ErrorsAsync("name", Bodies.Text(name)));
    }

    [Fact]
    public async Task Patch_with_a_name_of_128_emoji_is_accepted()
    {
        Assert.Empty(await ErrorsAsync("name", Bodies.Text(string.Concat(Enumerable.Repeat("\U0001F600", 128)))));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("Male")]
    [InlineData("nonbinary")]
    [InlineData("")]
    public async Task Patch_with_an_unknown_gender_lists_the_accepted_values(string gender)
    {
        Assert.Equal(
            [("gender", $"Invalid enum value. Expected 'male' | 'female' | 'non_binary', received '{gender}'")],
            await ErrorsAsync("gender", Bodies.Text(gender)));
    }

    [Fact]
    public async Task Patch_with_an_unknown_age_range_lists_the_accepted_values()
    {
        Assert.Equal(
            [("ageRange", "Invalid enum value. Expected 'teen' | 'young_adult' | 'adult' | 'mid_adult' | 'mature' | 'senior', received 'youngAdult'")],
            await ErrorsAsync("ageRange", Bodies.Text("youngAdult")));
    }

    [Fact]
    public async Task Patch_with_an_unknown_brand_voice_lists_the_accepted_values()
    {
        Assert.Equal(
            [("brandVoice", "Invalid enum value. Expected 'authentic' | 'witty' | 'professional' | 'warm' | 'casual' | 'educational', received 'sarcastic'")],
            await ErrorsAsync("brandVoice", Bodies.Text("sarcastic")));
    }

    [Theory]
    [InlineData("{PropertyName}")]
    [InlineData("{PropertyValue}")]
    public async Task A_rejected_value_is_echoed_verbatim_even_if_it_looks_like_a_placeholder(string gender)
    {
        Assert.Equal(
            [("gender", $"Invalid enum value. Expected 'male' | 'female' | 'non_binary', received '{gender}'")],
            await ErrorsAsync("gender", Bodies.Text(gender)));
    }

    [Theory]
    [InlineData("Duplicate field '{PropertyName}'.")]
    [InlineData("Duplicate field '{PropertyValue}'.")]
    public async Task A_form_error_is_reported_verbatim_even_if_it_looks_like_a_placeholder(string formError)
    {
        var body = JsonObjectBody.Of([KeyValuePair.Create("name", Bodies.Text("Ava"))], [formError]);

        Assert.Equal([("", formError)], await ErrorsAsync(body));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("es-MX")]
    [InlineData("zh-hans-cn")]
    public async Task Patch_with_a_well_formed_language_tag_is_accepted(string language)
    {
        Assert.Empty(await ErrorsAsync("language", Bodies.Text(language)));
    }

    [Theory]
    [InlineData("es_MX")]
    [InlineData("e1")]
    [InlineData("")]
    [InlineData(" en")]
    public async Task Patch_with_a_malformed_language_tag_is_rejected(string language)
    {
        Assert.Equal([("language", InvalidLanguage)], await ErrorsAsync("language", Bodies.Text(language)));
    }

    [Fact]
    public async Task Every_problem_in_a_body_is_reported()
    {
        var errors = await ErrorsAsync(Bodies.Of(
            ("name", Bodies.Text("")),
            ("gender", BodyValue.Null),
            ("ageRange", Bodies.OfKind(JsonValueKind.Number)),
            ("brandVoice", Bodies.Text("loud")),
            ("language", Bodies.Text("en_US")),
            ("status", Bodies.Text("ready"))));

        Assert.Equal(
            [
                ("status", "Unrecognized field."),
                ("name", "Name must be at least 1 character."),
                ("gender", "Gender cannot be cleared."),
                ("ageRange", "Expected string, received number"),
                ("brandVoice", "Invalid enum value. Expected 'authentic' | 'witty' | 'professional' | 'warm' | 'casual' | 'educational', received 'loud'"),
                ("language", InvalidLanguage),
            ],
            errors);
    }
}
