using System.Text;
using Layers.Api.Idempotency;
using Layers.IntegrationTests.Hostile;

namespace Layers.Api.Tests.Idempotency;

/// <summary>The one form a JSON value is compared in, however it was written; no server needed.</summary>
public sealed class CanonicalJsonTests
{
    [Theory]
    [InlineData(" {\n\t\"a\" : 1 ,\r\n \"b\" : [ true , false , null ] } \n", """{"a":1,"b":[true,false,null]}""")]
    [InlineData("""{"b":1,"a":2}""", """{"a":2,"b":1}""")]
    [InlineData("""{"z":{"y":[{"d":0,"c":1}],"x":2},"a":{}}""", """{"a":{},"z":{"x":2,"y":[{"c":1,"d":0}]}}""")]
    [InlineData("""{"b":1,"B":2,"aa":3,"a":4,"é":5,"a!":6}""", """{"B":2,"a":4,"a!":6,"aa":3,"b":1,"é":5}""")]
    [InlineData("""{"a":2,"a":1}""", """{"a":1,"a":2}""")]
    [InlineData("""[1.0,1,1e2,1E2,-0,0]""", """[1.0,1,1e2,1E2,-0,0]""")]
    [InlineData("""["\u0066\u0041\/x","\u00e9\u00C9é"]""", """["fA/x","éÉé"]""")]
    [InlineData("""{"\u006eame":"x","n\u0061me":"y"}""", """{"name":"x","name":"y"}""")]
    [InlineData("\"text\"", "\"text\"")]
    public void A_value_is_written_without_whitespace_with_sorted_members_and_decoded_escapes(string json, string canonical)
    {
        Assert.Equal(canonical, Canonical(json));
    }

    [Theory]
    [InlineData("""["a\"\u0022b"]""", """["a\u0022\"b"]""")]
    [InlineData("""["\u005c\\"]""", """["\\\u005C"]""")]
    [InlineData("""["\u000A\n\u000d\u0009\u0008\u000C"]""", """["\n\u000a\r\t\b\f"]""")]
    [InlineData("""["\u0000\u001F"]""", """["\u0000\u001f"]""")]
    [InlineData("""["\u2028\u007f"]""", "[\"\u2028\u007f\"]")]
    [InlineData("""["\ud83d\ude00"]""", """["😀"]""")]
    public void Escaped_and_literal_spellings_of_a_string_have_one_form(string json, string sameValue)
    {
        Assert.NotNull(Canonical(json));
        Assert.Equal(Canonical(json), Canonical(sameValue));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("{")]
    [InlineData("""{"a":1}{}""")]
    [InlineData("""{"a":1,}""")]
    [InlineData("""{"a":1 /* comment */}""")]
    [InlineData("""{'a':1}""")]
    [InlineData("""{"a":NaN}""")]
    [InlineData("""["\u00G0"]""")]
    [InlineData("""["\x"]""")]
    [InlineData("""["\uD800"]""")]
    [InlineData("""["a\udc00b"]""")]
    public void Text_that_is_not_one_json_value_of_text_has_no_canonical_form(string json)
    {
        Assert.Null(Canonical(json));
    }

    [Fact]
    public void Strings_that_are_not_utf8_and_nesting_past_the_readers_limit_have_no_canonical_form()
    {
        byte[] lone = [.. "[\""u8, 0xED, 0xA0, 0x80, .. "\"]"u8];
        byte[] overlong = [.. "{\""u8, 0xC0, 0xAF, .. "\":1}"u8];
        var deep = Encoding.UTF8.GetBytes(new string('[', 65) + new string(']', 65));

        Assert.All([lone, overlong, deep], json => Assert.Null(CanonicalJson.Canonicalize(json)));
        Assert.NotNull(CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(new string('[', 64) + new string(']', 64))));
    }

    /// <summary>Over every hostile body of the corpus: a body's form is its own canonical form.</summary>
    [Theory]
    [MemberData(nameof(HostileCorpus.Names), MemberType = typeof(HostileCorpus))]
    public void A_hostile_bodys_form_is_its_own_form(string name)
    {
        var body = HostileCorpus.Build(name, """ "projectId":"prj_00000000-0000-0000-0000-000000000001", "gender":"female", """).Bytes;
        if (CanonicalJson.Canonicalize(body) is not { } form)
        {
            return;
        }

        Assert.Equal(form.ToArray(), CanonicalJson.Canonicalize(form.Span)?.ToArray());
    }

    [Fact]
    public void Bodies_that_mean_the_same_hash_alike_and_others_do_not()
    {
        var same = Hash("""{"name":"Mia","gender":"female"}""");

        Assert.Equal(same, Hash(" { \"gender\" : \"\\u0066emale\" , \"name\" : \"Mia\" }\n"));
        Assert.NotEqual(same, Hash("""{"name":"Mia ","gender":"female"}"""));
        Assert.NotEqual(same, Hash("""{"name":"Mia","gender":"female","ageRange":null}"""));
        Assert.NotEqual(Hash("""{"a":1}"""), Hash("""{"a":"1"}"""));
        Assert.NotEqual(Hash("""{"a":1}"""), Hash("""{"a":1.0}"""));
        Assert.NotEqual(Hash("{"), Hash("{ "));
    }

    private static string? Canonical(string json) =>
        CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(json)) is { } form ? Encoding.UTF8.GetString(form.Span) : null;

    private static string Hash(string body)
    {
        var sha256 = new byte[32];
        CanonicalJson.HashData(Encoding.UTF8.GetBytes(body), sha256);
        return Convert.ToHexString(sha256);
    }
}
