using System.Buffers;
using System.Text;
using HealthFinance.Hl7v2.Internal;

namespace HealthFinance.Hl7v2;

/// <summary>
/// HL7 v2 escape sequences: decodes <c>\F\ \S\ \T\ \R\ \E\ \P\</c> and <c>\Xhh..\</c> on demand and escapes values for
/// writing. Formatting sequences (<c>\H\ \N\ \.br\ \.sp\ \Cxxyy\ \Mxxyyzz\ \Zxx\</c>) pass through unchanged; a malformed
/// sequence (unterminated, empty, bad hex) is kept verbatim.
/// </summary>
/// <remarks>The escape character is the message's (MSH-2, third character); a message without one has no escapes.</remarks>
public static class Hl7v2Escaping
{
    private static readonly byte[] HexDigits = "0123456789ABCDEF"u8.ToArray();
    private static readonly SearchValues<byte> Hex = SearchValues.Create("0123456789ABCDEFabcdef"u8);

    /// <summary>Whether a value contains the escape character, i.e. whether <see cref="Unescape"/> may change it.</summary>
    /// <param name="value">The escaped bytes.</param>
    /// <param name="delimiters">The message's delimiters.</param>
    /// <returns><see langword="true"/> when decoding is needed.</returns>
    public static bool NeedsUnescape(ReadOnlySpan<byte> value, Hl7v2Delimiters delimiters) =>
        delimiters.Escape != 0 && value.Contains(delimiters.Escape);

    /// <summary>Decodes the escape sequences of a value. The result is never longer than the input.</summary>
    /// <param name="value">The escaped bytes (a field, component or subcomponent).</param>
    /// <param name="destination">Where the decoded bytes go; <c>value.Length</c> bytes always suffice.</param>
    /// <param name="delimiters">The message's delimiters.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public static int Unescape(ReadOnlySpan<byte> value, Span<byte> destination, Hl7v2Delimiters delimiters)
    {
        var esc = delimiters.Escape;
        var first = esc == 0 ? -1 : value.IndexOf(esc);
        if (first < 0)
        {
            if (!value.TryCopyTo(destination))
            {
                ThrowHelper.ThrowDestinationTooSmall(nameof(destination));
            }

            return value.Length;
        }

        var written = 0;
        var i = 0;
        while (i < value.Length)
        {
            var next = value[i..].IndexOf(esc);
            var literal = next < 0 ? value[i..] : value.Slice(i, next);
            Append(destination, ref written, literal);
            if (next < 0)
            {
                break;
            }

            var start = i + next;
            var close = value[(start + 1)..].IndexOf(esc);
            if (close < 0)
            {
                // Unterminated: the rest is kept verbatim.
                Append(destination, ref written, value[start..]);
                break;
            }

            var body = value.Slice(start + 1, close);
            var sequence = value.Slice(start, close + 2);
            i = start + close + 2;
            if (body.Length == 1 && DecodeSingle(body[0], delimiters) is var single and not 0)
            {
                Append(destination, ref written, [single]);
            }
            else if (body.Length >= 3 && body[0] == (byte)'X' && (body.Length - 1) % 2 == 0 && IsHex(body[1..]))
            {
                for (var h = 1; h < body.Length; h += 2)
                {
                    Append(destination, ref written, [(byte)((HexValue(body[h]) << 4) | HexValue(body[h + 1]))]);
                }
            }
            else
            {
                Append(destination, ref written, sequence);
            }
        }

        return written;
    }

    /// <summary>Decodes a value to a string (UTF-8). Allocates; use <see cref="Unescape"/> on hot paths.</summary>
    /// <param name="value">The escaped bytes.</param>
    /// <param name="delimiters">The message's delimiters.</param>
    /// <returns>The decoded text.</returns>
    public static string GetString(ReadOnlySpan<byte> value, Hl7v2Delimiters delimiters)
    {
        if (!NeedsUnescape(value, delimiters))
        {
            return Encoding.UTF8.GetString(value);
        }

        var buffer = value.Length <= 512 ? stackalloc byte[value.Length] : new byte[value.Length];
        var n = Unescape(value, buffer, delimiters);
        return Encoding.UTF8.GetString(buffer[..n]);
    }

    /// <summary>Finds the first malformed escape sequence: unterminated, empty, or <c>\X..\</c> without whole hex pairs.</summary>
    /// <param name="value">The escaped bytes.</param>
    /// <param name="delimiters">The message's delimiters.</param>
    /// <returns>The 0-based offset of the malformed sequence's escape character, or -1 when every sequence is well formed.</returns>
    public static int FindInvalidEscape(ReadOnlySpan<byte> value, Hl7v2Delimiters delimiters)
    {
        var esc = delimiters.Escape;
        if (esc == 0)
        {
            return -1;
        }

        var i = 0;
        while (i < value.Length)
        {
            var next = value[i..].IndexOf(esc);
            if (next < 0)
            {
                return -1;
            }

            var start = i + next;
            var close = value[(start + 1)..].IndexOf(esc);
            if (close <= 0)
            {
                return start;
            }

            var body = value.Slice(start + 1, close);
            if (body.IndexOfAny(delimiters.Field, delimiters.Component) >= 0
                || (delimiters.Repetition != 0 && body.Contains(delimiters.Repetition))
                || (delimiters.Subcomponent != 0 && body.Contains(delimiters.Subcomponent)))
            {
                return start;
            }

            if (body[0] == (byte)'X' && (body.Length < 3 || (body.Length - 1) % 2 != 0 || !IsHex(body[1..])))
            {
                return start;
            }

            i = start + close + 2;
        }

        return -1;
    }

    /// <summary>The largest number of bytes <see cref="Escape"/> can write for a value of <paramref name="length"/> bytes.</summary>
    /// <param name="length">The unescaped length.</param>
    /// <returns><c>5 × length</c> (CR and LF become <c>\X0D\</c> and <c>\X0A\</c>).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or too large.</exception>
    public static int GetMaxEscapedLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, int.MaxValue / 5);
        return length * 5;
    }

    /// <summary>
    /// Escapes a value for writing: every delimiter becomes its escape sequence (<c>\F\ \S\ \T\ \R\ \E\ \P\</c>) and CR and
    /// LF become <c>\X0D\</c> and <c>\X0A\</c>, so that <see cref="Unescape"/> gives the value back.
    /// </summary>
    /// <param name="value">The unescaped bytes.</param>
    /// <param name="destination">Where the escaped bytes go (<see cref="GetMaxEscapedLength"/> always suffices).</param>
    /// <param name="delimiters">The message's delimiters; they must include an escape character when the value holds a delimiter.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small, or the value holds a delimiter or line
    /// break and the delimiters have no escape character.</exception>
    public static int Escape(ReadOnlySpan<byte> value, Span<byte> destination, Hl7v2Delimiters delimiters)
    {
        var esc = delimiters.Escape;
        var written = 0;
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var b = value[i];
            byte code;
            if (b == (byte)'\r' || b == (byte)'\n')
            {
                code = (byte)'X';
            }
            else if (delimiters.IsDelimiter(b))
            {
                code = b == delimiters.Field ? (byte)'F'
                    : b == delimiters.Component ? (byte)'S'
                    : b == delimiters.Subcomponent ? (byte)'T'
                    : b == delimiters.Repetition ? (byte)'R'
                    : b == delimiters.Escape ? (byte)'E'
                    : (byte)'P';
            }
            else
            {
                continue;
            }

            if (esc == 0)
            {
                throw new ArgumentException("The value holds a delimiter or line break and the delimiters have no escape character.", nameof(delimiters));
            }

            Append(destination, ref written, value[start..i]);
            if (code == (byte)'X')
            {
                Append(destination, ref written, [esc, (byte)'X', HexDigits[b >> 4], HexDigits[b & 0xF], esc]);
            }
            else
            {
                Append(destination, ref written, [esc, code, esc]);
            }

            start = i + 1;
        }

        Append(destination, ref written, value[start..]);
        return written;
    }

    private static byte DecodeSingle(byte code, Hl7v2Delimiters d) => code switch
    {
        (byte)'F' => d.Field,
        (byte)'S' => d.Component,
        (byte)'T' => d.Subcomponent,
        (byte)'R' => d.Repetition,
        (byte)'E' => d.Escape,
        (byte)'P' => d.Truncation,
        _ => 0,
    };

    private static bool IsHex(ReadOnlySpan<byte> value) => !value.IsEmpty && value.IndexOfAnyExcept(Hex) < 0;

    private static int HexValue(byte b) => b <= (byte)'9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private static void Append(Span<byte> destination, ref int written, ReadOnlySpan<byte> bytes)
    {
        if (!bytes.TryCopyTo(destination[written..]))
        {
            ThrowHelper.ThrowDestinationTooSmall(nameof(destination));
        }

        written += bytes.Length;
    }
}
