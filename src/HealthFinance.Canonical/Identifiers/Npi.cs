using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using HealthFinance.Canonical.Internal;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical;

/// <summary>
/// A National Provider Identifier: ten digits whose last digit is the Luhn check digit computed over
/// the nine leading digits prefixed with <c>80840</c> (the card-issuer prefix assigned to US health).
/// </summary>
/// <remarks>Serializes as a plain JSON string. <c>default(Npi)</c> has an empty <see cref="Value"/> and is not valid.</remarks>
[JsonConverter(typeof(IdentifierJsonConverter<Npi>))]
public readonly record struct Npi : ICanonicalIdentifier<Npi>
{
    /// <summary>The Luhn sum contributed by the <c>80840</c> prefix.</summary>
    private const int PrefixSum = 24;

    private readonly string? _value;

    /// <summary>Creates an NPI.</summary>
    /// <param name="value">Ten digits with a valid check digit.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="CanonicalFormatException"><paramref name="value"/> is not ten digits or fails the check digit (<see cref="CanonicalErrorCodes.InvalidNpi"/>).</exception>
    public Npi(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsValid(value))
        {
            throw new CanonicalFormatException(
                CanonicalErrorCodes.InvalidNpi,
                "An NPI must be ten digits whose last digit is the Luhn check digit (with the 80840 prefix).");
        }

        _value = value;
    }

    /// <summary>The ten digits, or an empty string for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns <see langword="true"/> when <paramref name="value"/> is ten ASCII digits with a valid check digit.</summary>
    /// <param name="value">The text to check.</param>
    /// <returns>Whether the text is a valid NPI.</returns>
    public static bool IsValid(ReadOnlySpan<char> value)
    {
        if (value.Length != 10)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return ComputeCheckDigit(value[..9]) == value[9] - '0';
    }

    /// <summary>Computes the check digit for the nine leading digits of an NPI.</summary>
    /// <param name="firstNineDigits">Exactly nine ASCII digits.</param>
    /// <returns>The check digit, 0 to 9.</returns>
    /// <exception cref="ArgumentException"><paramref name="firstNineDigits"/> is not nine ASCII digits.</exception>
    public static int ComputeCheckDigit(ReadOnlySpan<char> firstNineDigits)
    {
        if (firstNineDigits.Length != 9)
        {
            throw new ArgumentException("Exactly nine digits are required.", nameof(firstNineDigits));
        }

        var sum = PrefixSum;
        for (var i = 0; i < 9; i++)
        {
            var c = firstNineDigits[i];
            if (!char.IsAsciiDigit(c))
            {
                throw new ArgumentException("Only ASCII digits are allowed.", nameof(firstNineDigits));
            }

            var d = c - '0';

            // Counting from the right of the nine digits, every other digit starting with the rightmost is doubled.
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return (10 - (sum % 10)) % 10;
    }

    /// <summary>Parses an NPI.</summary>
    /// <param name="value">Ten digits with a valid check digit.</param>
    /// <returns>The NPI.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="CanonicalFormatException"><paramref name="value"/> is not a valid NPI.</exception>
    public static Npi Parse(string value) => new(value);

    /// <summary>Tries to parse an NPI without throwing.</summary>
    /// <param name="value">The text to parse.</param>
    /// <param name="result">The NPI when valid; otherwise <c>default</c>.</param>
    /// <returns><see langword="true"/> when the text is a valid NPI.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out Npi result)
    {
        if (value is not null && IsValid(value))
        {
            result = new Npi(value);
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Returns the ten digits.</summary>
    /// <returns>The NPI text.</returns>
    public override string ToString() => Value;

    static Npi ICanonicalIdentifier<Npi>.Create(string value) => new(value);
}
