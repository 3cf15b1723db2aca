using System.Buffers.Text;

namespace HealthFinance.Hl7v2;

/// <summary>Parses HL7 v2 primitive values (NM, DT, DTM/TS) from UTF-8 bytes, invariant culture, without allocating.</summary>
public static class Hl7v2Values
{
    /// <summary>Parses an NM value: optional sign, digits, optional decimal point (no exponent, no thousands separators).</summary>
    /// <param name="value">The bytes (already unescaped; NM values never need escapes).</param>
    /// <param name="result">The exact decimal, or 0.</param>
    /// <returns><see langword="true"/> when the value is a number.</returns>
    public static bool TryParseDecimal(ReadOnlySpan<byte> value, out decimal result)
    {
        value = value.Trim((byte)' ');
        if (!value.IsEmpty && value[0] != (byte)'+' && value.IndexOfAny((byte)'e', (byte)'E') < 0
            && Utf8Parser.TryParse(value, out result, out var consumed) && consumed == value.Length)
        {
            return true;
        }

        if (!value.IsEmpty && value[0] == (byte)'+' && value.Length > 1 && value[1] != (byte)'-' && TryParseDecimal(value[1..], out result))
        {
            return true;
        }

        result = 0;
        return false;
    }

    /// <summary>Parses the date part of a DT, DTM or TS value (<c>YYYYMMDD[HHMM[SS[.S]]][+/-ZZZZ]</c>): its first 8 digits.</summary>
    /// <param name="value">The bytes; only the first component of a TS is used by callers.</param>
    /// <param name="result">The date, or <c>default</c>.</param>
    /// <returns><see langword="true"/> when the value starts with a valid <c>YYYYMMDD</c> date.</returns>
    public static bool TryParseDate(ReadOnlySpan<byte> value, out DateOnly result)
    {
        result = default;
        if (value.Length < 8)
        {
            return false;
        }

        for (var i = 0; i < 8; i++)
        {
            if (!char.IsAsciiDigit((char)value[i]))
            {
                return false;
            }
        }

        var year = Digits(value, 0, 4);
        var month = Digits(value, 4, 2);
        var day = Digits(value, 6, 2);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        result = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>
    /// Parses a DTM or TS value <c>YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]</c>. A value without an offset takes
    /// <paramref name="defaultOffset"/>.
    /// </summary>
    /// <param name="value">The bytes.</param>
    /// <param name="defaultOffset">The offset of a value that states none.</param>
    /// <param name="result">The instant, or <c>default</c>.</param>
    /// <returns><see langword="true"/> when the value is a valid timestamp.</returns>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> value, TimeSpan defaultOffset, out DateTimeOffset result)
    {
        result = default;
        var offset = defaultOffset;
        var sign = value.IndexOfAny((byte)'+', (byte)'-');
        if (sign >= 0)
        {
            var zone = value[(sign + 1)..];
            if (zone.Length != 4 || !AllDigits(zone))
            {
                return false;
            }

            var hours = Digits(zone, 0, 2);
            var minutes = Digits(zone, 2, 2);
            if (hours > 14 || minutes > 59)
            {
                return false;
            }

            offset = new TimeSpan(hours, minutes, 0);
            if (value[sign] == (byte)'-')
            {
                offset = -offset;
            }

            value = value[..sign];
        }

        var dot = value.IndexOf((byte)'.');
        var fraction = 0L;
        if (dot >= 0)
        {
            var digits = value[(dot + 1)..];
            if (digits.IsEmpty || digits.Length > 4 || !AllDigits(digits) || dot != 14)
            {
                return false;
            }

            fraction = Digits(digits, 0, digits.Length);
            for (var i = digits.Length; i < 7; i++)
            {
                fraction *= 10;
            }

            value = value[..dot];
        }

        if (value.Length is not (4 or 6 or 8 or 10 or 12 or 14) || !AllDigits(value))
        {
            return false;
        }

        var year = Digits(value, 0, 4);
        var month = value.Length >= 6 ? Digits(value, 4, 2) : 1;
        var day = value.Length >= 8 ? Digits(value, 6, 2) : 1;
        var hour = value.Length >= 10 ? Digits(value, 8, 2) : 0;
        var minute = value.Length >= 12 ? Digits(value, 10, 2) : 0;
        var second = value.Length >= 14 ? Digits(value, 12, 2) : 0;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        try
        {
            result = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fraction);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static bool AllDigits(ReadOnlySpan<byte> value) => value.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;

    private static int Digits(ReadOnlySpan<byte> value, int start, int length)
    {
        var n = 0;
        for (var i = start; i < start + length; i++)
        {
            n = n * 10 + (value[i] - '0');
        }

        return n;
    }
}
