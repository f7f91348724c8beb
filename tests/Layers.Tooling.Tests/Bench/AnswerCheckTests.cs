using Layers.Bench.Runner;

namespace Layers.Tooling.Tests.Bench;

public sealed class AnswerCheckTests
{
    private const string Body = """{"influencerId":"inf_1","name":"Ava Chen","createdAt":"2026-04-01T14:22:10Z","updatedAt":"2026-04-18T09:18:44Z"}""";
    private const string ContentType = "application/json; charset=utf-8";

    [Fact]
    public void Answers_that_differ_only_in_updated_at_are_the_same()
    {
        var api = Answer.Of(200, ContentType, "\"v3\"", Body);
        var bare = Answer.Of(200, ContentType, "\"v3\"", Body.Replace("09:18:44", "09:18:45", StringComparison.Ordinal));

        Assert.Null(AnswerCheck.Difference(0, """{"name":"Ava Chen"}""", api, bare));
    }

    [Theory]
    [InlineData(200, ContentType, "\"v4\"", Body)]
    [InlineData(200, "application/json", "\"v3\"", Body)]
    [InlineData(404, ContentType, "\"v3\"", Body)]
    [InlineData(200, ContentType, "\"v3\"", """{"influencerId":"inf_1","name":"Ava Chen","createdAt":"2026-04-01T14:22:11Z","updatedAt":"2026-04-18T09:18:44Z"}""")]
    [InlineData(200, ContentType, "\"v3\"", """{"name":"Ava Chen","influencerId":"inf_1","createdAt":"2026-04-01T14:22:10Z","updatedAt":"2026-04-18T09:18:44Z"}""")]
    [InlineData(200, ContentType, "\"v3\"", """{"influencerId":"inf_1","name":"Ava Chen","createdAt":"2026-04-01T14:22:10Z","updatedAt":"2026-04-18T09:18:44.000Z"}""")]
    public void Any_other_difference_fails_the_check(int status, string contentType, string eTag, string body)
    {
        var api = Answer.Of(200, ContentType, "\"v3\"", Body);
        var bare = Answer.Of(status, contentType, eTag, body);

        var difference = AnswerCheck.Difference(6, """{"name":"Ava Chen"}""", api, bare);

        Assert.NotNull(difference);
        Assert.StartsWith("""PATCH 7 {"name":"Ava Chen"} is answered differently.""", difference, StringComparison.Ordinal);
    }

    [Fact]
    public void The_API_must_accept_the_benchmark_s_patch()
    {
        var refused = Answer.Of(422, ContentType, null, """{"error":{"code":"VALIDATION"}}""");

        Assert.Equal(
            """PATCH 1 {"gender":"robot"}: the API answered 422, not 200: {"error":{"code":"VALIDATION"}}""",
            AnswerCheck.Difference(0, """{"gender":"robot"}""", refused, refused));
    }

    [Fact]
    public void Every_patch_of_the_workload_goes_first_to_each_server_once()
    {
        var workload = Workload.Parse("gender=male,female;ageRange=teen");

        Assert.Equal(
            [
                ("""{"gender":"male"}""", true), ("""{"gender":"female"}""", true), ("""{"ageRange":"teen"}""", true),
                ("""{"gender":"male"}""", false), ("""{"gender":"female"}""", false), ("""{"ageRange":"teen"}""", false),
            ],
            AnswerCheck.Sequence(workload));
    }
}
