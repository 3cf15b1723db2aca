using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using HealthFinance.Canonical.Internal;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical;

/// <summary>The provider's claim identifier: the 837 CLM01 Patient Control Number, echoed by the 835 in CLP01 and by the 277CA in TRN02.</summary>
/// <remarks>
/// It is the primary key for matching a remittance or a claim status to the original claim. The value is trimmed; it must be non-empty, at most 256 characters and free of control characters.
/// It serializes as a plain JSON string.
/// </remarks>
[JsonConverter(typeof(IdentifierJsonConverter<PatientControlNumber>))]
public readonly record struct PatientControlNumber : ICanonicalIdentifier<PatientControlNumber>
{
    private readonly string? _value;

    /// <summary>Creates the identifier.</summary>
    /// <param name="value">The identifier text; surrounding whitespace is removed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="CanonicalFormatException"><paramref name="value"/> is empty, too long or has control characters (<see cref="CanonicalErrorCodes.InvalidIdentifier"/>).</exception>
    public PatientControlNumber(string value) => _value = IdentifierText.Normalize(value, nameof(PatientControlNumber));

    /// <summary>The identifier text, or an empty string for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Parses the identifier.</summary>
    /// <param name="value">The identifier text.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="CanonicalFormatException"><paramref name="value"/> is not a usable identifier.</exception>
    public static PatientControlNumber Parse(string value) => new(value);

    /// <summary>Tries to parse the identifier without throwing.</summary>
    /// <param name="value">The identifier text.</param>
    /// <param name="result">The identifier when valid; otherwise <c>default</c>.</param>
    /// <returns><see langword="true"/> when the text is a usable identifier.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out PatientControlNumber result)
    {
        if (IdentifierText.TryNormalize(value, out var normalized))
        {
            result = new PatientControlNumber(normalized);
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Returns the identifier text.</summary>
    /// <returns>The identifier text.</returns>
    public override string ToString() => Value;

    static PatientControlNumber ICanonicalIdentifier<PatientControlNumber>.Create(string value) => new(value);
}
