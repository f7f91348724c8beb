using Layers.Api.Binding;
using Layers.Api.Idempotency;

using static Layers.IntegrationTests.Hostile.HostileBodies;

namespace Layers.IntegrationTests.Hostile;

/// <summary>What the API must answer to a named hostile body, whichever endpoint it went to.</summary>
public enum Outcome
{
    /// <summary>200 for PATCH, 201 for POST.</summary>
    Accepted,
    TooLarge,
    UnsupportedMediaType,
    Invalid,
}

/// <summary>
/// Named hostile bodies that every run sends, because random sampling may miss an exact boundary.
/// Each is built from the members an endpoint needs besides the hostile one (nothing for PATCH;
/// projectId and gender for POST), written with a trailing comma, so that an otherwise valid body
/// is valid for both endpoints.
/// </summary>
public static class HostileCorpus
{
    private const int Limit = JsonObjectBody.MaxBytes;

    private static readonly Dictionary<string, (Outcome Expected, Func<string, HostileBody> Build)> Cases = new(StringComparer.Ordinal)
    {
        ["empty body"] = (Outcome.Invalid, _ => Json([])),
        ["empty object"] = (Outcome.Invalid, _ => Json(Utf8("{}"))),
        ["top-level null"] = (Outcome.Invalid, _ => Json(Utf8("null"))),
        ["top-level array"] = (Outcome.Invalid, _ => Json(Utf8("[]"))),
        ["top-level 1e400"] = (Outcome.Invalid, _ => Json(Utf8("1e400"))),
        ["two objects"] = (Outcome.Invalid, required => Json(Utf8($$"""{{{required}}"name":"a"}{}"""))),
        ["trailing comma"] = (Outcome.Invalid, required => Json(Utf8($$"""{{{required}}"name":"a",}"""))),
        ["comment"] = (Outcome.Invalid, required => Json(Utf8($$"""{{{required}}"name":"a" /* hi */}"""))),
        ["single quotes"] = (Outcome.Invalid, required => Json(Utf8($$"""{{{required}}'name':'a'}"""))),
        ["BOM before the body"] = (Outcome.Invalid, required => Json(Utf8($$"""{{"\uFEFF"}}{{{required}}"name":"a"}"""))),
        ["10 000 nested arrays (over the size limit)"] = (Outcome.TooLarge, _ => Json(Concat(Repeat("[", 10_000), Repeat("]", 10_000)))),
        ["10 000 unclosed arrays (within the size limit)"] = (Outcome.Invalid, _ => Json(Repeat("[", 10_000))),
        ["8 000 nested arrays in name (within the size limit)"] = (Outcome.Invalid, required => Json(Concat(Utf8($$"""{{{required}}"name":"""), Repeat("[", 8_000), Repeat("]", 8_000), Utf8("}")))),
        ["65 nested objects in name"] = (Outcome.Invalid, required => Json(Concat(Utf8($$"""{{{required}}"name":"""), Repeat("{\"a\":", 65), Utf8("1"), Repeat("}", 66)))),
        ["name of 128 code points"] = (Outcome.Accepted, required => Json(Utf8($$"""{{{required}}"name":"{{new string('n', 127)}}😀"}"""))),
        ["name of 129 code points"] = (Outcome.Invalid, required => Json(Utf8($$"""{{{required}}"name":"{{new string('n', 128)}}😀"}"""))),
        ["body of exactly 16 KiB"] = (Outcome.Invalid, required => Json(NameBodyOf(required, Limit))),
        ["body of 16 KiB + 1 byte"] = (Outcome.TooLarge, required => Json(NameBodyOf(required, Limit + 1))),
        ["chunked body of 16 KiB + 1 byte"] = (Outcome.TooLarge, required => Json(NameBodyOf(required, Limit + 1)) with { Chunked = true }),
        ["1 MiB body"] = (Outcome.TooLarge, required => Json(NameBodyOf(required, 1024 * 1024))),
        ["1e400 as name"] = (Outcome.Invalid, required => Json(Utf8($$"""{{{required}}"name":1e400}"""))),
        ["300-digit integer as ageRange"] = (Outcome.Invalid, required => Json(Utf8($$"""{{{required}}"ageRange":{{new string('9', 300)}}}"""))),
        ["-0 as brandVoice"] = (Outcome.Invalid, required => Json(Utf8($$"""{{{required}}"brandVoice":-0}"""))),
        ["NaN as language"] = (Outcome.Invalid, required => Json(Utf8($$"""{{{required}}"language":NaN}"""))),
        ["-Infinity as name"] = (Outcome.Invalid, required => Json(Utf8($$"""{{{required}}"name":-Infinity}"""))),
        ["escaped lone high surrogate in name"] = (Outcome.Invalid, required => Json(Utf8($$"""{{{required}}"name":"a\ud800b"}"""))),
        ["escaped lone low surrogate in brandVoice"] = (Outcome.Invalid, required => Json(Utf8($$"""{{{required}}"brandVoice":"\udc00"}"""))),
        ["escaped lone surrogate in language"] = (Outcome.Invalid, required => Json(Utf8($$"""{{{required}}"language":"en-\ud800"}"""))),
        ["escaped lone surrogate as an unknown key"] = (Outcome.Invalid, required => Json(Utf8($$"""{{{required}}"\ud800":1}"""))),
        ["escaped lone surrogate as a duplicated key"] = (Outcome.Invalid, required => Json(Utf8($$"""{{{required}}"\ud800":1,"\ud800":2}"""))),
        ["raw lone surrogate bytes in name"] = (Outcome.Invalid, required => Json(Concat(Utf8($$"""{{{required}}"name":"a"""), [0xED, 0xA0, 0x80], Utf8("\"}")))),
        ["raw lone surrogate bytes as a key"] = (Outcome.Invalid, required => Json(Concat(Utf8($$"""{{{required}}"name":"a","""), [0x22, 0xED, 0xB0, 0x80, 0x22], Utf8(":1}")))),
        ["overlong UTF-8 in name"] = (Outcome.Invalid, required => Json(Concat(Utf8($$"""{{{required}}"name":"a"""), [0xC0, 0xAF], Utf8("\"}")))),
        ["invalid UTF-8 after the body"] = (Outcome.Invalid, required => Json(Concat(Utf8($$"""{{{required}}"name":"a"}"""), [0xFF]))),
        ["escaped U+0000 in name"] = (Outcome.Invalid, required => Json(Utf8($$"""{{{required}}"name":"a\u0000b"}"""))),
        ["escaped U+0000 as a key"] = (Outcome.Invalid, required => Json(Utf8($$"""{{{required}}"\u0000":"a"}"""))),
        ["raw U+0000 in name"] = (Outcome.Invalid, required => Json(Concat(Utf8($$"""{{{required}}"name":"a"""), [0x00], Utf8("\"}")))),
        ["RTL override in name"] = (Outcome.Accepted, required => Json(Utf8($$"""{{{required}}"name":"\u202Eevil.exe"}"""))),
        ["emoji with ZWJ in name"] = (Outcome.Accepted, required => Json(Utf8($$"""{{{required}}"name":"👩‍👩‍👧 family"}"""))),
        ["combining marks in name"] = (Outcome.Accepted, required => Json(Utf8($$"""{{{required}}"name":"Z\u0337\u0322a\u0334l\u0336g\u0337o"}"""))),
        ["BOM inside name"] = (Outcome.Accepted, required => Json(Utf8($$"""{{{required}}"name":"\uFEFFAva"}"""))),
        ["escaped surrogate pair in name"] = (Outcome.Accepted, required => Json(Utf8($$"""{{{required}}"name":"\ud83d\ude00"}"""))),
        ["duplicate name"] = (Outcome.Invalid, required => Json(Utf8($$"""{{{required}}"name":"a","name":"b"}"""))),
        ["duplicate name spelled with an escape"] = (Outcome.Invalid, required => Json(Utf8($$"""{{{required}}"name":"a","na\u006de":"b"}"""))),
        ["random bytes"] = (Outcome.Invalid, _ => Json([0x8B, 0x1F, 0x00, 0xFF, 0xFE, 0x7B, 0x22, 0xC3])),
        ["UTF-16 body declared as UTF-16"] = (Outcome.UnsupportedMediaType, required => new("corpus", System.Text.Encoding.Unicode.GetBytes($$"""{{{required}}"name":"a"}"""), "application/json; charset=utf-16", false)),
        ["form-encoded body"] = (Outcome.UnsupportedMediaType, _ => new("corpus", Utf8("name=a"), "application/x-www-form-urlencoded", false)),
        ["JSON as text/plain"] = (Outcome.UnsupportedMediaType, required => new("corpus", Utf8($$"""{{{required}}"name":"a"}"""), "text/plain", false)),
        ["JSON without a Content-Type"] = (Outcome.UnsupportedMediaType, required => new("corpus", Utf8($$"""{{{required}}"name":"a"}"""), null, false)),
        ["merge-patch JSON"] = (Outcome.Accepted, required => new("corpus", Utf8($$"""{{{required}}"name":"a"}"""), "application/merge-patch+json", false)),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    public static Outcome Expected(string name) => Cases[name].Expected;

    /// <summary>The body, with <paramref name="requiredMembers"/> (each followed by a comma) in front of the hostile member.</summary>
    public static HostileBody Build(string name, string requiredMembers) => Cases[name].Build(requiredMembers);

    private static HostileBody Json(byte[] bytes) => new("corpus", bytes, "application/json", false);

    /// <summary>An object whose name is padded so that the whole body is exactly <paramref name="totalBytes"/> long.</summary>
    private static byte[] NameBodyOf(string requiredMembers, int totalBytes)
    {
        var prefix = Utf8("{" + requiredMembers + "\"name\":\"");
        var suffix = Utf8("\"}");
        return Concat(prefix, Repeat("n", totalBytes - prefix.Length - suffix.Length), suffix);
    }
}
