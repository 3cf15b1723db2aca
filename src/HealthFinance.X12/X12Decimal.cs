using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace HealthFinance.X12;

/// <summary>
/// Parses X12 numeric elements (data element types R and N) from their bytes into <see cref="decimal"/>, keeping the
/// scale the sender wrote (<c>100.00</c> stays <c>100.00</c>), with no culture involved.
/// </summary>
/// <remarks>
/// The common form (an optional minus, up to 19 digits with at most one decimal point) is parsed in one pass without
/// the general number parser; anything else (longer digit strings, a negative zero) goes to
/// <see cref="Utf8Parser"/>, so the result is always the one <see cref="Utf8Parser"/> gives.
/// </remarks>
public static class X12Decimal
{
    /// <summary>
    /// Parses a decimal the way 5010 implementation guides allow it: an optional leading minus, digits with at most one
    /// decimal point; no plus sign, no exponent, no spaces.
    /// </summary>
    /// <param name="value">The element bytes.</param>
    /// <param name="result">The value, or 0 when the bytes are not such a number.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid number.</returns>
    public static bool TryParse(ReadOnlySpan<byte> value, out decimal result)
    {
        if (TryParseSimple(value, out result))
        {
            return true;
        }

        if (value.IndexOfAny((byte)'e', (byte)'E') >= 0)
        {
            result = 0;
            return false;
        }

        return TryParseGeneral(value, out result);
    }

    /// <summary>
    /// Parses a decimal as the X12 standard writes type R, where an exponent (<c>1.5E3</c>) is allowed; no plus sign,
    /// no spaces.
    /// </summary>
    /// <param name="value">The element bytes.</param>
    /// <param name="result">The value, or 0 when the bytes are not a number.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid number.</returns>
    public static bool TryParseWithExponent(ReadOnlySpan<byte> value, out decimal result)
    {
        return TryParseSimple(value, out result) || TryParseGeneral(value, out result);
    }

    // The common form in one pass; false leaves the decision to the general parser.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryParseSimple(ReadOnlySpan<byte> value, out decimal result)
    {
        result = 0;
        var i = 0;
        var negative = false;
        if (value.Length > 0 && value[0] == (byte)'-')
        {
            negative = true;
            i = 1;
        }

        ulong digits = 0;
        var count = 0;
        var scale = -1;
        for (; i < value.Length; i++)
        {
            var d = (uint)(value[i] - '0');
            if (d <= 9)
            {
                if (count == 19)
                {
                    return false;
                }

                digits = (digits * 10) + d;
                count++;
                if (scale >= 0)
                {
                    scale++;
                }
            }
            else if (value[i] == (byte)'.' && scale < 0)
            {
                scale = 0;
            }
            else
            {
                // A second point, a sign inside, an exponent, a space or a letter: the general parser decides
                // (it refuses all but the exponent, which only the caller's rule can allow).
                return false;
            }
        }

        if (count == 0 || (negative && digits == 0))
        {
            return false;
        }

        result = new decimal((int)digits, (int)(digits >> 32), 0, negative, (byte)Math.Max(scale, 0));
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryParseGeneral(ReadOnlySpan<byte> value, out decimal result)
    {
        if (!value.IsEmpty && value[0] != (byte)'+' && Utf8Parser.TryParse(value, out result, out var consumed) && consumed == value.Length)
        {
            return true;
        }

        result = 0;
        return false;
    }
}
