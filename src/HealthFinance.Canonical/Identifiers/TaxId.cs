using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using HealthFinance.Canonical.Internal;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical;

/// <summary>
/// A US taxpayer identification number (EIN), e.g. the 837 billing provider REF*EI or the 835 payee TIN:
/// nine digits, accepted with or without the <c>NN-NNNNNNN</c> hyphen and stored as nine digits.
/// </summary>
/// <remarks>Serializes as a plain JSON string of nine digits.</remarks>
[JsonConverter(typeof(IdentifierJsonConverter<TaxId>))]
public readonly record struct TaxId : ICanonicalIdentifier<TaxId>
{
    private readonly string? _value;

    /// <summary>Creates a tax identifier.</summary>
    /// <param name="value">Nine digits, optionally written <c>NN-NNNNNNN</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="CanonicalFormatException"><paramref name="value"/> is not nine digits (<see cref="CanonicalErrorCodes.InvalidTaxId"/>).</exception>
    public TaxId(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = TryNormalize(value, out var digits)
            ? digits
            : throw new CanonicalFormatException(CanonicalErrorCodes.InvalidTaxId, "A tax identifier must be nine digits, optionally written NN-NNNNNNN.");
    }

    /// <summary>The nine digits, or an empty string for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Parses a tax identifier.</summary>
    /// <param name="value">Nine digits, optionally written <c>NN-NNNNNNN</c>.</param>
    /// <returns>The tax identifier.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="CanonicalFormatException"><paramref name="value"/> is not nine digits.</exception>
    public static TaxId Parse(string value) => new(value);

    /// <summary>Tries to parse a tax identifier without throwing.</summary>
    /// <param name="value">The text to parse.</param>
    /// <param name="result">The tax identifier when valid; otherwise <c>default</c>.</param>
    /// <returns><see langword="true"/> when the text is nine digits.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out TaxId result)
    {
        if (value is not null && TryNormalize(value, out var digits))
        {
            result = new TaxId(digits);
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Returns the nine digits.</summary>
    /// <returns>The tax identifier text.</returns>
    public override string ToString() => Value;

    static TaxId ICanonicalIdentifier<TaxId>.Create(string value) => new(value);

    private static bool TryNormalize(string value, out string digits)
    {
        var span = value.AsSpan().Trim();
        digits = string.Empty;
        if (span.Length == 10 && span[2] == '-')
        {
            digits = string.Concat(span[..2], span[3..]);
        }
        else if (span.Length == 9)
        {
            digits = span.ToString();
        }
        else
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                digits = string.Empty;
                return false;
            }
        }

        return true;
    }
}
