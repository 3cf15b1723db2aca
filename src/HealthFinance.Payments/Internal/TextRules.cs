using System.Globalization;

namespace HealthFinance.Payments.Internal;

/// <summary>The grammar of feed values: amounts, dates, codes and identifiers.</summary>
internal static class TextRules
{
    public const int MaxIdentifierLength = 256;
    public const int MaxReasonLength = 1024;

    public enum AmountStatus
    {
        Valid,
        Zero,
        Signed,
        TooManyFractionDigits,
        NotADecimal,
        TooLarge,
    }

    /// <summary>Parses <c>digits [ "." 1*2digits ]</c> as an exact decimal; never a double.</summary>
    public static AmountStatus ParseAmount(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0m;
        if (text.IsEmpty)
        {
            return AmountStatus.NotADecimal;
        }

        if (text[0] is '-' or '+')
        {
            return IsDecimalShape(text[1..], out _) ? AmountStatus.Signed : AmountStatus.NotADecimal;
        }

        if (!IsDecimalShape(text, out var fractionDigits))
        {
            return AmountStatus.NotADecimal;
        }

        if (fractionDigits > 2)
        {
            return AmountStatus.TooManyFractionDigits;
        }

        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return AmountStatus.TooLarge;
        }

        return value == 0m ? AmountStatus.Zero : AmountStatus.Valid;
    }

    private static bool IsDecimalShape(ReadOnlySpan<char> text, out int fractionDigits)
    {
        fractionDigits = 0;
        var i = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i == 0)
        {
            return false;
        }

        if (i == text.Length)
        {
            return true;
        }

        if (text[i] != '.')
        {
            return false;
        }

        var start = ++i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        fractionDigits = i - start;
        return i == text.Length && fractionDigits > 0;
    }

    public static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>Whether <paramref name="text"/> (already trimmed, non-empty) is usable as an identifier or short text.</summary>
    public static bool IsUsableText(string text, int maxLength)
    {
        if (text.Length > maxLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An ISO 4217 alphabetic code, upper-cased; lower-case letters are accepted.</summary>
    public static bool TryParseCurrency(string text, out string code)
    {
        code = text;
        if (text.Length != 3 || !char.IsAsciiLetter(text[0]) || !char.IsAsciiLetter(text[1]) || !char.IsAsciiLetter(text[2]))
        {
            return false;
        }

        code = text.ToUpperInvariant();
        return true;
    }

    /// <summary>The FNV-1a 64-bit hash of a string's UTF-16 code units: stable across processes.</summary>
    public static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * 1099511628211UL;
            hash = (hash ^ (byte)(c >> 8)) * 1099511628211UL;
        }

        return hash;
    }
}
