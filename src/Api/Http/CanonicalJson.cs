using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Layers.Api.Http;

/// <summary>
/// A JSON value written one way, whatever the way it was sent: what <see cref="IdempotencyFilter"/>
/// compares, so that a retry from another client library is the same request. The form: no
/// whitespace; object members sorted by name, comparing the bytes of the names as written here
/// (ties, which only duplicated names make, by the bytes of their values); strings decoded and
/// written again with the fewest escapes (<c>\"</c>, <c>\\</c>, <c>\b \f \n \r \t</c>,
/// <c>\u00xx</c> for the other control characters, <c>\udxxx</c> for an unpaired surrogate,
/// hex in lower case), every other character as UTF-8; numbers, <c>true</c>, <c>false</c> and
/// <c>null</c> as their tokens, so <c>1.0</c> and <c>1</c> stay different values.
/// </summary>
/// <remarks>
/// Never longer than the text it came from (each part is written in at most the bytes it was read
/// from), so a body's form fits in a buffer of the body's size, and the work is bounded by the body
/// limit and the reader's depth limit: every byte is copied once more per object around it.
/// </remarks>
public static class CanonicalJson
{
    /// <summary>
    /// Writes the canonical form of <paramref name="json"/> to <paramref name="destination"/>, which
    /// must hold <paramref name="json"/>'s length. False, with nothing written, when
    /// <paramref name="json"/> is not one JSON value in UTF-8 within <see cref="JsonBodyReader.ReaderOptions"/>.
    /// </summary>
    public static bool TryWrite(ReadOnlySpan<byte> json, Span<byte> destination, out int written)
    {
        if (destination.Length < json.Length)
        {
            throw new ArgumentException("The destination must hold the JSON text's length.", nameof(destination));
        }

        var output = ArrayPool<byte>.Shared.Rent(json.Length);
        var scratch = ArrayPool<byte>.Shared.Rent(json.Length);

        // Each member takes at least four bytes of the text ("":0).
        var members = ArrayPool<Member>.Shared.Rent((json.Length / 4) + 1);
        try
        {
            var writer = new Writer(output, scratch, members);
            var reader = new Utf8JsonReader(json, JsonBodyReader.ReaderOptions);
            if (!reader.Read())
            {
                written = 0;
                return false;
            }

            writer.WriteValue(ref reader);
            if (reader.Read())
            {
                throw new JsonException("Only whitespace may follow the value.");
            }

            output.AsSpan(0, writer.Position).CopyTo(destination);
            written = writer.Position;
            return true;
        }
        catch (JsonException)
        {
            written = 0;
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
            ArrayPool<byte>.Shared.Return(scratch);
            ArrayPool<Member>.Shared.Return(members);
        }
    }

    /// <summary>
    /// Fills <paramref name="sha256"/> with the hash of what <paramref name="body"/> means: its
    /// canonical form, or its bytes as received when they are no JSON value (such a request is
    /// refused, and its bytes cannot equal any JSON value's form).
    /// </summary>
    public static void HashData(ReadOnlySpan<byte> body, Span<byte> sha256)
    {
        var canonical = ArrayPool<byte>.Shared.Rent(body.Length);
        try
        {
            SHA256.HashData(TryWrite(body, canonical, out var written) ? canonical.AsSpan(0, written) : body, sha256);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(canonical);
        }
    }

    /// <summary>A member as written to the output: where it starts, its quoted name's length, and its whole length.</summary>
    private readonly record struct Member(int Start, int NameLength, int Length);

    private sealed class MemberOrder(byte[] output) : IComparer<Member>
    {
        public int Compare(Member x, Member y)
        {
            var byName = Name(x).SequenceCompareTo(Name(y));
            return byName != 0 ? byName : Value(x).SequenceCompareTo(Value(y));
        }

        private ReadOnlySpan<byte> Name(Member member) => output.AsSpan(member.Start + 1, member.NameLength - 2);

        // After the name and its colon.
        private ReadOnlySpan<byte> Value(Member member) => output.AsSpan(member.Start + member.NameLength + 1, member.Length - member.NameLength - 1);
    }

    private sealed class Writer(byte[] output, byte[] scratch, Member[] members)
    {
        private readonly MemberOrder order = new(output);
        private int memberCount;

        public int Position { get; private set; }

        public void WriteValue(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    WriteObject(ref reader);
                    break;
                case JsonTokenType.StartArray:
                    WriteArray(ref reader);
                    break;
                case JsonTokenType.String:
                    WriteString(ref reader);
                    break;
                default:
                    // Numbers and literals: the reader has checked the token, which is written as it came.
                    Append(reader.ValueSpan);
                    break;
            }
        }

        /// <summary>
        /// Members are written one after the other as they come, without commas, then copied back
        /// in order with them; an object's own members sit above those of the objects around it.
        /// </summary>
        private void WriteObject(ref Utf8JsonReader reader)
        {
            Append((byte)'{');
            var start = Position;
            var first = memberCount;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var memberStart = Position;
                WriteString(ref reader);
                var nameLength = Position - memberStart;
                Append((byte)':');
                reader.Read();
                WriteValue(ref reader);
                members[memberCount++] = new Member(memberStart, nameLength, Position - memberStart);
            }

            var own = members.AsSpan(first, memberCount - first);
            if (own.Length > 1)
            {
                var length = Position - start;
                output.AsSpan(start, length).CopyTo(scratch);
                own.Sort(order);
                Position = start;
                foreach (var member in own)
                {
                    if (Position > start)
                    {
                        Append((byte)',');
                    }

                    Append(scratch.AsSpan(member.Start - start, member.Length));
                }
            }

            memberCount = first;
            Append((byte)'}');
        }

        private void WriteArray(ref Utf8JsonReader reader)
        {
            Append((byte)'[');
            var first = true;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (!first)
                {
                    Append((byte)',');
                }

                WriteValue(ref reader);
                first = false;
            }

            Append((byte)']');
        }

        private void WriteString(ref Utf8JsonReader reader)
        {
            var raw = reader.ValueSpan;
            Append((byte)'"');
            if (!reader.ValueIsEscaped)
            {
                // Unescaped, a string holds no quote, backslash or control character: it is written as it came.
                AppendLiteral(raw);
            }
            else
            {
                AppendUnescaped(raw);
            }

            Append((byte)'"');
        }

        private void AppendUnescaped(ReadOnlySpan<byte> raw)
        {
            while (!raw.IsEmpty)
            {
                var escape = raw.IndexOf((byte)'\\');
                if (escape != 0)
                {
                    var literal = escape < 0 ? raw : raw[..escape];
                    AppendLiteral(literal);
                    raw = raw[literal.Length..];
                    continue;
                }

                if (raw[1] != (byte)'u')
                {
                    // \/ is the one escape with a plain form; the reader has refused unknown ones.
                    if (raw[1] == (byte)'/')
                    {
                        Append((byte)'/');
                    }
                    else
                    {
                        Append(raw[..2]);
                    }

                    raw = raw[2..];
                    continue;
                }

                var unit = CodeUnit(raw);
                raw = raw[6..];
                if (char.IsHighSurrogate(unit) && raw.Length >= 6 && raw[0] == (byte)'\\' && raw[1] == (byte)'u' && char.IsLowSurrogate(CodeUnit(raw)))
                {
                    AppendRune(new Rune(unit, CodeUnit(raw)));
                    raw = raw[6..];
                }
                else if (char.IsSurrogate(unit))
                {
                    AppendEscaped(unit);
                }
                else
                {
                    AppendCharacter(unit);
                }
            }
        }

        /// <summary>A decoded character written again: escaped where JSON requires it (short forms first), else as UTF-8.</summary>
        private void AppendCharacter(char character)
        {
            switch (character)
            {
                case '"':
                    Append("\\\""u8);
                    break;
                case '\\':
                    Append("\\\\"u8);
                    break;
                case '\b':
                    Append("\\b"u8);
                    break;
                case '\f':
                    Append("\\f"u8);
                    break;
                case '\n':
                    Append("\\n"u8);
                    break;
                case '\r':
                    Append("\\r"u8);
                    break;
                case '\t':
                    Append("\\t"u8);
                    break;
                case < ' ':
                    AppendEscaped(character);
                    break;
                default:
                    AppendRune(new Rune(character));
                    break;
            }
        }

        private void AppendEscaped(char unit)
        {
            Append("\\u"u8);
            var hex = output.AsSpan(Position, 4);
            ((int)unit).TryFormat(hex, out _, "x4", CultureInfo.InvariantCulture);
            Position += 4;
        }

        private void AppendRune(Rune rune) => Position += rune.EncodeToUtf8(output.AsSpan(Position));

        /// <summary>Text between escapes, which must be UTF-8: anything else is no JSON text.</summary>
        private void AppendLiteral(ReadOnlySpan<byte> literal)
        {
            if (!Utf8.IsValid(literal))
            {
                throw new JsonException("A string is not UTF-8.");
            }

            Append(literal);
        }

        private void Append(byte value) => output[Position++] = value;

        private void Append(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(output.AsSpan(Position));
            Position += bytes.Length;
        }

        /// <summary>The code unit of a <c>\uXXXX</c> escape.</summary>
        private static char CodeUnit(ReadOnlySpan<byte> escape) =>
            int.TryParse(escape.Slice(2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit)
                ? (char)unit
                : throw new JsonException("An escape is not four hex digits.");
    }
}
