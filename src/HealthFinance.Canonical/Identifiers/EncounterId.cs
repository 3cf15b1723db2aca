using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using HealthFinance.Canonical.Internal;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical;

/// <summary>The identifier of one encounter or visit (HL7 PV1-19, FHIR Encounter.id).</summary>
/// <remarks>
/// Charges and claims may reference it to tie finance back to the visit. The value is trimmed; it must be non-empty, at most 256 characters and free of control characters.
/// It serializes as a plain JSON string.
/// </remarks>
[JsonConverter(typeof(IdentifierJsonConverter<EncounterId>))]
public readonly record struct EncounterId : ICanonicalIdentifier<EncounterId>
{
    private readonly string? _value;

    /// <summary>Creates the identifier.</summary>
    /// <param name="value">The identifier text; surrounding whitespace is removed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="CanonicalFormatException"><paramref name="value"/> is empty, too long or has control characters (<see cref="CanonicalErrorCodes.InvalidIdentifier"/>).</exception>
    public EncounterId(string value) => _value = IdentifierText.Normalize(value, nameof(EncounterId));

    /// <summary>The identifier text, or an empty string for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Parses the identifier.</summary>
    /// <param name="value">The identifier text.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="CanonicalFormatException"><paramref name="value"/> is not a usable identifier.</exception>
    public static EncounterId Parse(string value) => new(value);

    /// <summary>Tries to parse the identifier without throwing.</summary>
    /// <param name="value">The identifier text.</param>
    /// <param name="result">The identifier when valid; otherwise <c>default</c>.</param>
    /// <returns><see langword="true"/> when the text is a usable identifier.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out EncounterId result)
    {
        if (IdentifierText.TryNormalize(value, out var normalized))
        {
            result = new EncounterId(normalized);
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Returns the identifier text.</summary>
    /// <returns>The identifier text.</returns>
    public override string ToString() => Value;

    static EncounterId ICanonicalIdentifier<EncounterId>.Create(string value) => new(value);
}
