using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical;

/// <summary>
/// An ISO 4217 alphabetic currency code: exactly three uppercase ASCII letters, e.g. <c>USD</c>.
/// </summary>
/// <remarks>
/// Only the shape is validated, not membership in the current ISO 4217 list, so that codes added
/// after this package was built still parse. <c>default(CurrencyCode)</c> is not a valid currency and
/// is rejected wherever a currency is required.
/// </remarks>
[JsonConverter(typeof(CurrencyCodeJsonConverter))]
public readonly record struct CurrencyCode : ISpanFormattable
{
    private readonly string? _value;

    /// <summary>Creates a currency code.</summary>
    /// <param name="value">Three uppercase ASCII letters.</param>
    /// <exception cref="CanonicalFormatException"><paramref name="value"/> is not three uppercase ASCII letters (<see cref="CanonicalErrorCodes.InvalidCurrencyCode"/>).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public CurrencyCode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsValid(value))
        {
            throw new CanonicalFormatException(
                CanonicalErrorCodes.InvalidCurrencyCode,
                "A currency code must be exactly three uppercase ASCII letters (ISO 4217 alpha-3).");
        }

        _value = value;
    }

    /// <summary>United States dollar.</summary>
    public static CurrencyCode USD { get; } = new("USD");

    /// <summary>Euro.</summary>
    public static CurrencyCode EUR { get; } = new("EUR");

    /// <summary>Pound sterling.</summary>
    public static CurrencyCode GBP { get; } = new("GBP");

    /// <summary>Canadian dollar.</summary>
    public static CurrencyCode CAD { get; } = new("CAD");

    /// <summary>The three-letter code, or an empty string for <c>default(CurrencyCode)</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary><see langword="true"/> for <c>default(CurrencyCode)</c>, which is not a valid currency.</summary>
    public bool IsDefault => _value is null;

    /// <summary>Returns <see langword="true"/> when <paramref name="value"/> is three uppercase ASCII letters.</summary>
    /// <param name="value">The text to check.</param>
    /// <returns>Whether the text is a well-formed ISO 4217 alphabetic code.</returns>
    public static bool IsValid(ReadOnlySpan<char> value) =>
        value.Length == 3 && char.IsAsciiLetterUpper(value[0]) && char.IsAsciiLetterUpper(value[1]) && char.IsAsciiLetterUpper(value[2]);

    /// <summary>Parses a currency code.</summary>
    /// <param name="value">Three uppercase ASCII letters.</param>
    /// <returns>The currency code.</returns>
    /// <exception cref="CanonicalFormatException"><paramref name="value"/> is not three uppercase ASCII letters.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public static CurrencyCode Parse(string value) => new(value);

    /// <summary>Tries to parse a currency code without throwing.</summary>
    /// <param name="value">The text to parse.</param>
    /// <param name="result">The currency code when the text is valid; otherwise <c>default</c>.</param>
    /// <returns><see langword="true"/> when the text is three uppercase ASCII letters.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out CurrencyCode result)
    {
        if (value is not null && IsValid(value))
        {
            result = new CurrencyCode(value);
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Tries to parse a currency code from characters without throwing.</summary>
    /// <param name="value">The characters to parse.</param>
    /// <param name="result">The currency code when the text is valid; otherwise <c>default</c>.</param>
    /// <returns><see langword="true"/> when the text is three uppercase ASCII letters.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, out CurrencyCode result)
    {
        if (IsValid(value))
        {
            result = value switch
            {
                "USD" => USD,
                "EUR" => EUR,
                _ => new CurrencyCode(value.ToString()),
            };
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Returns the three-letter code.</summary>
    /// <returns>The code, e.g. <c>USD</c>.</returns>
    public override string ToString() => Value;

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => Value;

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (Value.TryCopyTo(destination))
        {
            charsWritten = Value.Length;
            return true;
        }

        charsWritten = 0;
        return false;
    }
}
