using System.Text.Json;
using Layers.IntegrationTests.Support;

namespace Layers.IntegrationTests.Influencers;

/// <summary>Every rejected PATCH body: 422 VALIDATION with all its problems, and the row untouched.</summary>
public sealed class PatchInfluencerValidationTests(LayersFixture fixture)
{
    private const string GenderEnum = "Invalid enum value. Expected 'male' | 'female' | 'non_binary', received ";
    private const string AgeRangeEnum = "Invalid enum value. Expected 'teen' | 'young_adult' | 'adult' | 'mid_adult' | 'mature' | 'senior', received ";
    private const string BrandVoiceEnum = "Invalid enum value. Expected 'authentic' | 'witty' | 'professional' | 'warm' | 'casual' | 'educational', received ";
    private const string InvalidLanguage = "Invalid language tag. Expected a well-formed BCP 47 tag such as 'en' or 'es-MX'.";

    [Theory]
    [InlineData("""{"name":""", "Malformed JSON.")]
    [InlineData("""{"name":"Mia",}""", "Malformed JSON.")]
    [InlineData("""{'name':'Mia'}""", "Malformed JSON.")]
    [InlineData("""{"name":"Mia"} {}""", "Malformed JSON.")]
    [InlineData("""{"name":"Mia"}]""", "Malformed JSON.")]
    [InlineData("""[""", "Malformed JSON.")]
    [InlineData("""[]""", "Body must be a JSON object.")]
    [InlineData("""[{"name":"Mia"}]""", "Body must be a JSON object.")]
    [InlineData("\"Mia\"", "Body must be a JSON object.")]
    [InlineData("null", "Body must be a JSON object.")]
    [InlineData("42", "Body must be a JSON object.")]
    [InlineData("true", "Body must be a JSON object.")]
    [InlineData("", "Body must be a JSON object.")]
    [InlineData("{}", "At least one field is required.")]
    [InlineData("  {  }  ", "At least one field is required.")]
    [InlineData("""{"name":"Mia","name":"Mia"}""", "Duplicate field 'name'.")]
    [InlineData("""{"name":"Mia","gender":"male","name":"Kai"}""", "Duplicate field 'name'.")]
    public async Task Patch_with_a_body_that_is_not_a_usable_object_is_rejected(string body, string formError)
    {
        using var arranged = await ArrangeAsync();
        var (client, id, before) = arranged;

        using var response = await client.PatchInfluencerAsync(id, body);

        await ApiAssert.FormErrorAsync(response, formError);
        await AssertUnchangedAsync(before);
    }

    [Theory]
    [InlineData("""{"Name":"Mia"}""", "Name")]
    [InlineData("""{"NAME":"Mia"}""", "NAME")]
    [InlineData("""{"nickname":"Mia"}""", "nickname")]
    [InlineData("""{"brand_voice":"witty"}""", "brand_voice")]
    [InlineData("""{"status":"ready"}""", "status")]
    [InlineData("""{"influencerId":"inf_0193e2a4-7b1c-7def-8a01-5c7e9d3f2b10"}""", "influencerId")]
    [InlineData("""{"projectId":"prj_0193e2a4-7b1c-7def-8a01-5c7e9d3f2b10"}""", "projectId")]
    [InlineData("""{"createdAt":"2026-01-01T00:00:00Z"}""", "createdAt")]
    [InlineData("""{"name":"Mia","extra":null}""", "extra")]
    [InlineData("""{"":"Mia"}""", "")]
    public async Task Patch_with_an_unknown_field_is_rejected(string body, string field)
    {
        using var arranged = await ArrangeAsync();
        var (client, id, before) = arranged;

        using var response = await client.PatchInfluencerAsync(id, body);

        // An empty property name is still a field error, under the empty key.
        await ApiAssert.FieldErrorAsync(response, field, "Unrecognized field.");
        await AssertUnchangedAsync(before);
    }

    [Theory]
    [InlineData("name", "1", "Expected string, received number")]
    [InlineData("name", "true", "Expected string, received boolean")]
    [InlineData("name", "false", "Expected string, received boolean")]
    [InlineData("name", """{"first":"Mia"}""", "Expected string, received object")]
    [InlineData("name", """["Mia"]""", "Expected string, received array")]
    [InlineData("name", "null", "Expected string, received null")]
    [InlineData("gender", "1", "Expected string, received number")]
    [InlineData("gender", "[]", "Expected string, received array")]
    [InlineData("ageRange", "false", "Expected string, received boolean")]
    [InlineData("ageRange", "{}", "Expected string, received object")]
    [InlineData("brandVoice", "1.5", "Expected string, received number")]
    [InlineData("brandVoice", "null", "Expected string, received null")]
    [InlineData("language", "{}", "Expected string, received object")]
    [InlineData("language", "null", "Expected string, received null")]
    public async Task Patch_with_a_value_of_the_wrong_json_type_is_rejected(string field, string json, string message)
    {
        using var arranged = await ArrangeAsync();
        var (client, id, before) = arranged;

        using var response = await client.PatchInfluencerAsync(id, $$"""{"{{field}}":{{json}}}""");

        await ApiAssert.FieldErrorAsync(response, field, message);
        await AssertUnchangedAsync(before);
    }

    [Theory]
    [InlineData("a", 1)]
    [InlineData("a", 128)]
    [InlineData("\U0001F600", 128)]
    [InlineData("é", 128)]
    [InlineData(" Mia ", 1)]
    public async Task Patch_accepts_a_name_of_1_to_128_code_points(string unit, int count)
    {
        using var arranged = await ArrangeAsync();
        var (client, id, before) = arranged;
        var name = string.Concat(Enumerable.Repeat(unit, count));

        using var response = await client.PatchInfluencerAsync(id, JsonSerializer.Serialize(new { name }));

        var record = await ApiAssert.InfluencerAsync(response);
        var row = await InfluencerRow.ReadExistingAsync(fixture.DataSource, before.Id);
        Assert.Equal(name, row.Name);
        ApiAssert.MatchesRow(record, row);
    }

    [Theory]
    [InlineData("a", 129, "Name must be at most 128 characters.")]
    [InlineData("\U0001F600", 129, "Name must be at most 128 characters.")]
    [InlineData("", 1, "Name must be at least 1 character.")]
    [InlineData(" ", 1, "Name must not be blank.")]
    [InlineData("\u3000", 3, "Name must not be blank.")]
    [InlineData("\u200B", 2, "Name must not be blank.")]
    public async Task Patch_rejects_a_name_out_of_length_or_blank(string unit, int count, string message)
    {
        using var arranged = await ArrangeAsync();
        var (client, id, before) = arranged;
        var name = string.Concat(Enumerable.Repeat(unit, count));

        using var response = await client.PatchInfluencerAsync(id, JsonSerializer.Serialize(new { name }));

        await ApiAssert.FieldErrorAsync(response, "name", message);
        await AssertUnchangedAsync(before);
    }

    [Theory]
    [InlineData("""Mia\u0000""", "Name must not contain control characters.")]
    [InlineData("""Mia\nPark""", "Name must not contain control characters.")]
    [InlineData("""\t""", "Name must not contain control characters.")]
    [InlineData("""Mia\u007fPark""", "Name must not contain control characters.")]
    [InlineData("""Mia\u0085""", "Name must not contain control characters.")]
    [InlineData("""\ud800""", "Name must not contain unpaired surrogates.")]
    [InlineData("""Mia\udc00""", "Name must not contain unpaired surrogates.")]
    [InlineData("""\ude00\ud83d""", "Name must not contain unpaired surrogates.")]
    public async Task Patch_rejects_a_name_with_control_characters_or_unpaired_surrogates(string escaped, string message)
    {
        using var arranged = await ArrangeAsync();
        var (client, id, before) = arranged;

        using var response = await client.PatchInfluencerAsync(id, $$"""{"name":"{{escaped}}"}""");

        await ApiAssert.FieldErrorAsync(response, "name", message);
        await AssertUnchangedAsync(before);
    }

    [Theory]
    [InlineData("gender", "x", GenderEnum + "'x'")]
    [InlineData("gender", "Male", GenderEnum + "'Male'")]
    [InlineData("gender", "non-binary", GenderEnum + "'non-binary'")]
    [InlineData("gender", "", GenderEnum + "''")]
    [InlineData("ageRange", "old", AgeRangeEnum + "'old'")]
    [InlineData("ageRange", "YOUNG_ADULT", AgeRangeEnum + "'YOUNG_ADULT'")]
    [InlineData("brandVoice", "funny", BrandVoiceEnum + "'funny'")]
    [InlineData("brandVoice", " witty", BrandVoiceEnum + "' witty'")]
    [InlineData("gender", "{PropertyName}", GenderEnum + "'{PropertyName}'")]
    [InlineData("ageRange", "{PropertyValue}", AgeRangeEnum + "'{PropertyValue}'")]

    // The response writer replaces an unpaired surrogate with U+FFFD, so that is what is echoed.
    [InlineData("gender", "\\ud800", GenderEnum + "'\uFFFD'")]
    public async Task Patch_with_a_value_outside_the_enum_is_rejected(string field, string value, string message)
    {
        using var arranged = await ArrangeAsync();
        var (client, id, before) = arranged;

        using var response = await client.PatchInfluencerAsync(id, $$"""{"{{field}}":"{{value}}"}""");

        await ApiAssert.FieldErrorAsync(response, field, message);
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task Patch_with_null_gender_is_rejected()
    {
        using var arranged = await ArrangeAsync();
        var (client, id, before) = arranged;

        using var response = await client.PatchInfluencerAsync(id, """{"gender":null}""");

        await ApiAssert.FieldErrorAsync(response, "gender", "Gender cannot be cleared.");
        await AssertUnchangedAsync(before);
    }

    [Theory]
    [InlineData("gender", "male")]
    [InlineData("gender", "female")]
    [InlineData("gender", "non_binary")]
    [InlineData("ageRange", "teen")]
    [InlineData("ageRange", "young_adult")]
    [InlineData("ageRange", "adult")]
    [InlineData("ageRange", "mid_adult")]
    [InlineData("ageRange", "mature")]
    [InlineData("ageRange", "senior")]
    [InlineData("brandVoice", "authentic")]
    [InlineData("brandVoice", "witty")]
    [InlineData("brandVoice", "professional")]
    [InlineData("brandVoice", "warm")]
    [InlineData("brandVoice", "casual")]
    [InlineData("brandVoice", "educational")]
    public async Task Patch_accepts_every_enum_value(string field, string value)
    {
        using var arranged = await ArrangeAsync();
        var (client, id, before) = arranged;

        using var response = await client.PatchInfluencerAsync(id, $$"""{"{{field}}":"{{value}}"}""");

        var record = await ApiAssert.InfluencerAsync(response);
        var row = await InfluencerRow.ReadExistingAsync(fixture.DataSource, before.Id);
        Assert.Equal(value, record.GetProperty(field).GetString());
        ApiAssert.MatchesRow(record, row);
    }

    [Theory]
    [InlineData("ZH-hans-cn", "zh-Hans-CN")]
    [InlineData("en-us", "en-US")]
    [InlineData("EN", "en")]
    [InlineData("es-419", "es-419")]
    [InlineData("SR-LATN-RS", "sr-Latn-RS")]
    [InlineData("de-ch-1901", "de-CH-1901")]
    [InlineData("en-a-BBB-x-A-CCC", "en-a-bbb-x-a-ccc")]
    public async Task Patch_stores_a_language_tag_in_canonical_case(string sent, string stored)
    {
        using var arranged = await ArrangeAsync();
        var (client, id, before) = arranged;

        using var response = await client.PatchInfluencerAsync(id, $$"""{"language":"{{sent}}"}""");

        var record = await ApiAssert.InfluencerAsync(response);
        var row = await InfluencerRow.ReadExistingAsync(fixture.DataSource, before.Id);
        Assert.Equal(stored, row.Language);
        ApiAssert.MatchesRow(record, row);
    }

    [Theory]
    [InlineData("en_US")]
    [InlineData("de-419-DE")]
    [InlineData("")]
    [InlineData(" en")]
    [InlineData("en-")]
    [InlineData("en--US")]
    [InlineData("e")]
    [InlineData("de-DE-1901-1901")]
    [InlineData("en-a-x-foo")]
    [InlineData("x-")]
    public async Task Patch_rejects_a_language_tag_that_is_not_well_formed(string language)
    {
        using var arranged = await ArrangeAsync();
        var (client, id, before) = arranged;

        using var response = await client.PatchInfluencerAsync(id, $$"""{"language":"{{language}}"}""");

        await ApiAssert.FieldErrorAsync(response, "language", InvalidLanguage);
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task Patch_rejects_a_well_formed_language_tag_with_an_unregistered_subtag_naming_it()
    {
        using var arranged = await ArrangeAsync();
        var (client, id, before) = arranged;

        using var response = await client.PatchInfluencerAsync(id, """{"language":"en-Abcd"}""");

        await ApiAssert.FieldErrorAsync(response, "language", "Unknown script subtag 'Abcd'.");
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task Patch_reports_every_field_problem_at_once()
    {
        using var arranged = await ArrangeAsync();
        var (client, id, before) = arranged;

        using var response = await client.PatchInfluencerAsync(
            id,
            """{"name":"","gender":null,"ageRange":"old","brandVoice":null,"language":"en_US","Name":"Mia","extra":1}""");

        await ApiAssert.ValidationAsync(response, [], $$"""
            {
              "name": ["Name must be at least 1 character."],
              "gender": ["Gender cannot be cleared."],
              "ageRange": ["{{AgeRangeEnum}}'old'"],
              "brandVoice": ["Expected string, received null"],
              "language": ["{{InvalidLanguage}}"],
              "Name": ["Unrecognized field."],
              "extra": ["Unrecognized field."]
            }
            """);
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task Patch_reports_form_and_field_problems_together()
    {
        using var arranged = await ArrangeAsync();
        var (client, id, before) = arranged;

        using var response = await client.PatchInfluencerAsync(id, """{"name":"Mia","gender":"x","name":"Kai","nickname":1,"gender":"y"}""");

        await ApiAssert.ValidationAsync(
            response,
            ["Duplicate field 'name'.", "Duplicate field 'gender'."],
            $$"""{"gender":["{{GenderEnum}}'x'"],"nickname":["Unrecognized field."]}""");
        await AssertUnchangedAsync(before);
    }

    [Theory]
    [InlineData("-abcdefg", true)]
    [InlineData("-abcdefgh", false)]
    public async Task Patch_accepts_a_valid_language_tag_of_at_most_255_characters(string last, bool accepted)
    {
        using var arranged = await ArrangeAsync();
        var (client, id, before) = arranged;

        // 5 + 242 characters, then the last subtag makes 255 or 256.
        var language = "en-x-" + string.Join('-', Enumerable.Repeat("abcdefgh", 27)) + last;

        using var response = await client.PatchInfluencerAsync(id, $$"""{"language":"{{language}}"}""");

        if (accepted)
        {
            var record = await ApiAssert.InfluencerAsync(response);
            var row = await InfluencerRow.ReadExistingAsync(fixture.DataSource, before.Id);
            Assert.Equal(language, row.Language);
            ApiAssert.MatchesRow(record, row);
        }
        else
        {
            await ApiAssert.FieldErrorAsync(response, "language", "Language tag must be at most 255 characters.");
            await AssertUnchangedAsync(before);
        }
    }

    [Fact]
    public async Task Patch_quotes_field_names_verbatim_in_messages()
    {
        using var arranged = await ArrangeAsync();
        var (client, id, before) = arranged;

        using var response = await client.PatchInfluencerAsync(id, """{"{PropertyName}":1,"{PropertyName}":2}""");

        await ApiAssert.ValidationAsync(response, ["Duplicate field '{PropertyName}'."], """{"{PropertyName}":["Unrecognized field."]}""");
        await AssertUnchangedAsync(before);
    }

    private async Task<Arranged> ArrangeAsync()
    {
        var tenant = await Tenant.CreateAsync(fixture);
        var influencer = await tenant.CreateInfluencerAsync();
        var before = await InfluencerRow.ReadExistingAsync(fixture.DataSource, influencer.Id.Value);
        return new Arranged(await tenant.ClientAsync(), influencer.Id.ToString(), before);
    }

    private async Task AssertUnchangedAsync(InfluencerRow before) =>
        Assert.Equal(before, await InfluencerRow.ReadAsync(fixture.DataSource, before.Id));

    /// <summary>A client of a fresh org, one of its influencers, and that influencer's row before the request.</summary>
    private sealed record Arranged(HttpClient Client, string Id, InfluencerRow Before) : IDisposable
    {
        public void Dispose() => Client.Dispose();
    }
}
