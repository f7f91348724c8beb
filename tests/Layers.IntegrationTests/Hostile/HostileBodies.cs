using System.Globalization;
using System.Text;
using CsCheck;
using Layers.Api.Binding;

namespace Layers.IntegrationTests.Hostile;

/// <summary>
/// CsCheck generators of hostile bodies for PATCH and POST /v1/influencers. Bodies are built as
/// bytes, not strings, so that invalid UTF-8 and raw (CESU-style) lone surrogates reach the
/// server exactly as a broken client would send them.
/// </summary>
public static class HostileBodies
{
    private const int Limit = JsonObjectBody.MaxBytes;

    private static readonly string[] FieldNames = ["name", "gender", "ageRange", "brandVoice", "language", "projectId"];

    // Accepted, refused and malformed media types; null sends no Content-Type at all.
    private static readonly Gen<string?> ContentTypes = Gen.Frequency<string?>(
        (12, Gen.Const<string?>("application/json")),
        (2, Gen.Const<string?>("application/merge-patch+json")),
        (2, Gen.Const<string?>("application/json; charset=utf-8")),
        (4, Gen.OneOf<string?>(
            null, string.Empty, ";", "APPLICATION/JSON", "application/json;charset=\"UTF-8\"",
            "application/json; charset=utf-16", "application/json; charset=latin1",
            "application/json; charset=utf-8; charset=utf-16", "application/json, text/plain", "application/ json",
            "application/jsonx", "application/*", "*/*", "text/plain", "text/json", "application/xml",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")));

    // Pieces of the inside of a JSON string literal, as source bytes.
    private static readonly Gen<byte[]> StringPiece = Gen.Frequency<byte[]>(
        (4, Gen.Char["abcxyz ABCXYZ0189-_.'"].Array[1, 12].Select(chars => Utf8(new string(chars)))),
        (2, Gen.OneOf(
            Utf8("female"), Utf8("non_binary"), Utf8("young_adult"), Utf8("casual"), Utf8("en"), Utf8("es-MX"),
            Utf8("zh-Hans-CN"), Utf8("en-GB-oed"), Utf8("x-private"))),
        (3, Gen.OneOf(
            Utf8(@"\ud800"), Utf8(@"\udfff"), Utf8(@"\udc00\ud800"), Utf8(@"\ud83d\ude00"), Utf8(@"\uDBFF\uDFFF"),
            Utf8(@"\u0000"), Utf8(@"\u001f"), Utf8(@"\u202e"), Utf8(@"\ufeff"), Utf8(@"\uffff"), Utf8(@"\u0301"),
            Utf8(@"\"""), Utf8(@"\\"), Utf8(@"\/"), Utf8(@"\n"), Utf8(@"\x"), Utf8(@"\u12"))),
        (3, Gen.OneOf(
            Utf8("\u202E"), Utf8("😀"), Utf8("👩‍👩‍👧"), Utf8("e\u0301\u0301"), Utf8("\uFEFF"), Utf8("\u200B"),
            Utf8("مرحبا"), Utf8("日本語"), Utf8("Z\u0337\u0322a\u0334"), Utf8("\u00A0"), Utf8("\u2028"), Utf8("\U0010FFFF"))),
        (2, Gen.OneOf<byte[]>(
            [0xED, 0xA0, 0x80], [0xED, 0xB0, 0x80], [0xC0, 0xAF], [0xFF], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80],
            [0x00], [0x01], [0x7F], [0x0A], [0x22])),
        (1, Gen.OneOf(
            Utf8("'; DROP TABLE influencers; --"), Utf8("Robert'); DELETE FROM api_keys;--"), Utf8("$$"),
            Utf8(@"\\x00"), Utf8("' OR '1'='1"))));

    private static readonly Gen<byte[]> JsonString =
        StringPiece.Array[0, 6].Select(pieces => Concat([Utf8("\""), .. pieces, Utf8("\"")]));

    private static readonly Gen<byte[]> Digits300 = Gen.Select(
        Gen.Bool,
        Gen.Char["0123456789"].Array[299],
        (negative, digits) => Utf8($"{(negative ? "-" : string.Empty)}1{new string(digits)}"));

    private static readonly Gen<byte[]> Number = Gen.Frequency<byte[]>(
        (2, Gen.Long.Select(value => Utf8(value.ToString(CultureInfo.InvariantCulture)))),
        (2, Gen.Double.Select(value => Utf8(value.ToString("R", CultureInfo.InvariantCulture)))),
        (1, Digits300),
        (3, Gen.OneOf(
            Utf8("0"), Utf8("-0"), Utf8("-0.0"), Utf8("1e400"), Utf8("-1e400"), Utf8("1e-400"), Utf8("1E+400"),
            Utf8("9223372036854775808"), Utf8("NaN"), Utf8("-NaN"), Utf8("Infinity"), Utf8("-Infinity"),
            Utf8("01"), Utf8("+1"), Utf8(".5"), Utf8("1."), Utf8("0x10"), Utf8("1e"), Utf8("--1"))));

    private static readonly Gen<byte[]> Literal = Gen.OneOf(
        Utf8("true"), Utf8("false"), Utf8("null"), Utf8("TRUE"), Utf8("nul"), Utf8("undefined"), Utf8("'single'"));

    private static readonly Gen<byte[]> Scalar = Gen.Frequency((3, JsonString), (2, Number), (1, Literal));

    // Mostly the real field names; also near misses and a key that only equals "name" once unescaped.
    private static readonly Gen<byte[]> Key = Gen.Frequency(
        (4, Gen.OneOf(FieldNames).Select(Quoted)),
        (1, JsonString),
        (1, Gen.OneOf(
            Utf8("\"Name\""), Utf8("\"name \""), Utf8("\"__proto__\""), Utf8("\"\""), Utf8(@"""na\u006de"""),
            Utf8(@"""\u0000"""), Utf8(@"""\ud800"""), new byte[] { 0x22, 0xED, 0xA0, 0x80, 0x22 })));

    // Nested JSON of every type, bounded so that one body stays small; depth beyond that is DeepNesting's job.
    private static readonly Gen<byte[]> AnyValue = Value(3);

    private static readonly Gen<byte[]> DeepNesting = Gen.Select(
        Gen.OneOf(63, 64, 65, 100, 1_000, 5_000, 8_000, 10_000),
        Gen.Int[0, 3],
        (depth, shape) => shape switch
        {
            0 => Concat(Repeat("[", depth), Repeat("]", depth)),
            1 => Concat(Repeat("{\"a\":", depth), Utf8("1"), Repeat("}", depth)),
            2 => Repeat("[", depth),
            _ => Concat(Utf8("{\"name\":"), Repeat("[", depth), Repeat("]", depth), Utf8("}")),
        });

    // Strings whose body lands just under, at and just over the size limit, in 1- to 6-byte units.
    private static readonly Gen<byte[]> LongString = Gen.Select(
        Gen.OneOf("name", "language", "projectId", "gender", string.Empty),
        Gen.OneOf("a", "é", "€", "😀", @"\u00e9", " "),
        Gen.Frequency((4, Gen.Int[Limit - 16, Limit + 16]), (1, Gen.OneOf(140, 600, 20_000, 100_000))),
        (field, unit, targetBytes) =>
        {
            var prefix = Utf8(field.Length == 0 ? "\"" : $"{{\"{field}\":\"");
            var suffix = Utf8(field.Length == 0 ? "\"" : "\"}");
            var units = Math.Max(1, (targetBytes - prefix.Length - suffix.Length) / Encoding.UTF8.GetByteCount(unit));
            return Concat(prefix, Repeat(unit, units), suffix);
        });

    private static readonly Gen<byte[]> RandomBytes = Gen.Frequency(
        (6, Gen.Byte.Array[0, 64]),
        (3, Gen.Byte.Array[65, 2_048]),
        (1, Gen.Int[Limit - 2, Limit + 2].SelectMany(length => Gen.Byte.Array[length])));

    /// <summary>
    /// Every generated body for one endpoint. <paramref name="projectId"/> is a project of the
    /// caller, so that some generated POST bodies are valid and succeed.
    /// </summary>
    public static Gen<HostileBody> For(string projectId) => Gen.Select(
        Gen.Frequency(
            (3, Framed(AnyValue).Select(bytes => ("json-value", bytes))),
            (4, Framed(InfluencerObject(projectId)).Select(bytes => ("influencer-object", bytes))),
            (1, DeepNesting.Select(bytes => ("deep-nesting", bytes))),
            (1, LongString.Select(bytes => ("long-string", bytes))),
            (1, RandomBytes.Select(bytes => ("random-bytes", bytes))),
            (2, Mutated(InfluencerObject(projectId)).Select(bytes => ("mutated-object", bytes)))),
        ContentTypes,
        Gen.Int[0, 4],
        (body, contentType, chunkedOneInFive) => new HostileBody(body.Item1, body.Item2, contentType, chunkedOneInFive == 0));

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Repeat(string unit, int count) => Utf8(string.Concat(Enumerable.Repeat(unit, count)));

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(part => part)];

    private static byte[] Quoted(string text) => Utf8($"\"{text}\"");

    private static byte[] Join(IEnumerable<byte[]> items) =>
        Concat([.. items.SelectMany((item, index) => index == 0 ? [item] : new[] { Utf8(","), item })]);

    private static byte[] ObjectOf(IEnumerable<byte[]> members) => Concat(Utf8("{"), Join(members), Utf8("}"));

    private static Gen<byte[]> Value(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (1, Value(depth - 1).Array[0, 4].Select(items => Concat(Utf8("["), Join(items), Utf8("]")))),
            (1, Gen.Select(Key, Value(depth - 1), (key, value) => Concat(key, Utf8(":"), value)).Array[0, 5].Select(ObjectOf)));

    private static Gen<byte[]> Member(string field, string projectId) =>
        Gen.Frequency((5, ValidValue(field, projectId)), (1, Value(1))).Select(value => Concat(Quoted(field), Utf8(":"), value));

    /// <summary>Each field present three times in four, valid five times in six, sometimes with extra or repeated keys.</summary>
    private static Gen<byte[]> InfluencerObject(string projectId)
    {
        var fields = FieldNames
            .Select(field => Gen.Frequency((3, Member(field, projectId).Select(member => (byte[]?)member)), (1, Gen.Const<byte[]?>((byte[]?)null))))
            .ToArray();
        var extra = Gen.Frequency(
            (3, Gen.Const(Array.Empty<byte[]>())),
            (1, Gen.Select(Key, AnyValue, (key, value) => Concat(key, Utf8(":"), value)).Array[1, 2]));
        return Gen.Select(
            Gen.Select(fields[0], fields[1], fields[2], (a, b, c) => new[] { a, b, c }),
            Gen.Select(fields[3], fields[4], fields[5], (a, b, c) => new[] { a, b, c }),
            extra,
            (first, second, extras) => ObjectOf([.. first.Concat(second).OfType<byte[]>(), .. extras]));
    }

    private static Gen<byte[]> ValidValue(string field, string projectId) => field switch
    {
        "name" => Gen.OneOf(
            Quoted("Ava Chen"), Quoted("Zoë 😀"), Quoted("\u202Eevil"), Quoted("e\u0301\u0301"), Utf8(@"""\ud83d\ude00 ok"""),
            Quoted("'; DROP TABLE influencers; --"), Quoted(new string('x', 128))),
        "gender" => Gen.OneOf(Quoted("male"), Quoted("female"), Quoted("non_binary")),
        "ageRange" => Gen.OneOf(Quoted("teen"), Quoted("senior"), Utf8("null")),
        "brandVoice" => Gen.OneOf(Quoted("witty"), Quoted("casual"), Quoted("educational")),
        "language" => Gen.OneOf(Quoted("en"), Quoted("es-MX"), Quoted("zh-Hans-CN"), Quoted("EN-gb"), Quoted("i-klingon")),
        _ => Gen.OneOf(Quoted(projectId), Quoted(projectId.ToUpperInvariant()), Quoted("prj_00000000-0000-4000-8000-000000000001")),
    };

    /// <summary>Leading whitespace or a BOM, or a second value or garbage after the first.</summary>
    private static Gen<byte[]> Framed(Gen<byte[]> body) => Gen.Select(
        body,
        Gen.Frequency(
            (12, Gen.Const((Before: string.Empty, After: string.Empty))),
            (1, Gen.Const((Before: " \r\n\t", After: "\n"))),
            (1, Gen.Const((Before: "\uFEFF", After: string.Empty))),
            (1, Gen.OneOf<(string Before, string After)>((string.Empty, "{}"), (string.Empty, "x"), (string.Empty, ","), (string.Empty, "\0")))),
        (bytes, frame) => Concat(Utf8(frame.Before), bytes, Utf8(frame.After)));

    /// <summary>One to four byte replacements, insertions or deletions at random places.</summary>
    private static Gen<byte[]> Mutated(Gen<byte[]> body) => Gen.Select(
        body,
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, int.MaxValue], Gen.Byte).Array[1, 4],
        (bytes, edits) =>
        {
            var mutated = bytes.ToList();
            foreach (var (kind, position, value) in edits)
            {
                var at = position % (mutated.Count + 1);
                if (kind == 0 && at < mutated.Count)
                {
                    mutated[at] = value;
                }
                else if (kind == 1)
                {
                    mutated.Insert(at, value);
                }
                else if (at < mutated.Count)
                {
                    mutated.RemoveAt(at);
                }
            }

            return mutated.ToArray();
        });
}
