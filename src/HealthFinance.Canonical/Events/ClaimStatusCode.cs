using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using HealthFinance.Canonical.Internal;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical.Events;

/// <summary>
/// The 835 CLP02 claim status code (X12 element 1029). The 5010 values are exposed as static properties;
/// any other non-empty code is preserved as-is (<see cref="IsKnown"/> is then <see langword="false"/>) so
/// that a remittance with an unexpected code can still be represented and quarantined.
/// </summary>
/// <remarks>Serializes as the plain code string, e.g. <c>"1"</c> or <c>"22"</c>.</remarks>
[JsonConverter(typeof(IdentifierJsonConverter<ClaimStatusCode>))]
public readonly record struct ClaimStatusCode : ICanonicalIdentifier<ClaimStatusCode>
{
    private readonly string? _value;

    /// <summary>Creates a claim status code.</summary>
    /// <param name="value">The CLP02 code; surrounding whitespace is removed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="CanonicalFormatException"><paramref name="value"/> is empty (<see cref="CanonicalErrorCodes.InvalidIdentifier"/>).</exception>
    public ClaimStatusCode(string value) => _value = IdentifierText.Normalize(value, nameof(ClaimStatusCode));

    /// <summary><c>1</c>: processed as primary.</summary>
    public static ClaimStatusCode ProcessedAsPrimary { get; } = new("1");

    /// <summary><c>2</c>: processed as secondary.</summary>
    public static ClaimStatusCode ProcessedAsSecondary { get; } = new("2");

    /// <summary><c>3</c>: processed as tertiary.</summary>
    public static ClaimStatusCode ProcessedAsTertiary { get; } = new("3");

    /// <summary><c>4</c>: denied (the whole claim could not be processed).</summary>
    public static ClaimStatusCode Denied { get; } = new("4");

    /// <summary><c>19</c>: processed as primary, forwarded to additional payer(s).</summary>
    public static ClaimStatusCode ProcessedAsPrimaryForwarded { get; } = new("19");

    /// <summary><c>20</c>: processed as secondary, forwarded to additional payer(s).</summary>
    public static ClaimStatusCode ProcessedAsSecondaryForwarded { get; } = new("20");

    /// <summary><c>21</c>: processed as tertiary, forwarded to additional payer(s).</summary>
    public static ClaimStatusCode ProcessedAsTertiaryForwarded { get; } = new("21");

    /// <summary><c>22</c>: reversal of a previous payment (all amounts negated).</summary>
    public static ClaimStatusCode Reversal { get; } = new("22");

    /// <summary><c>23</c>: not our claim, forwarded to additional payer(s).</summary>
    public static ClaimStatusCode NotOurClaimForwarded { get; } = new("23");

    /// <summary><c>25</c>: predetermination pricing only, no payment.</summary>
    public static ClaimStatusCode PredeterminationPricingOnly { get; } = new("25");

    /// <summary>The code text, or an empty string for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary><see langword="true"/> when the code is one of the 5010 values 1, 2, 3, 4, 19, 20, 21, 22, 23, 25.</summary>
    public bool IsKnown => Description is not null;

    /// <summary><see langword="true"/> for code 4 (denied).</summary>
    public bool IsDenial => Value == "4";

    /// <summary><see langword="true"/> for code 22 (reversal of previous payment).</summary>
    public bool IsReversal => Value == "22";

    /// <summary><see langword="true"/> for codes 19, 20, 21 and 23 (forwarded to another payer).</summary>
    public bool IsForwarded => Value is "19" or "20" or "21" or "23";

    /// <summary>The X12 description of a known code, or <see langword="null"/> for an unknown one.</summary>
    public string? Description => Value switch
    {
        "1" => "Processed as Primary",
        "2" => "Processed as Secondary",
        "3" => "Processed as Tertiary",
        "4" => "Denied",
        "19" => "Processed as Primary, Forwarded to Additional Payer(s)",
        "20" => "Processed as Secondary, Forwarded to Additional Payer(s)",
        "21" => "Processed as Tertiary, Forwarded to Additional Payer(s)",
        "22" => "Reversal of Previous Payment",
        "23" => "Not Our Claim, Forwarded to Additional Payer(s)",
        "25" => "Predetermination Pricing Only - No Payment",
        _ => null,
    };

    /// <summary>Parses a claim status code; unknown codes are preserved.</summary>
    /// <param name="value">The CLP02 code.</param>
    /// <returns>The code.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="CanonicalFormatException"><paramref name="value"/> is empty.</exception>
    public static ClaimStatusCode Parse(string value) => new(value);

    /// <summary>Tries to parse a claim status code without throwing; unknown codes are preserved.</summary>
    /// <param name="value">The CLP02 code.</param>
    /// <param name="result">The code when non-empty; otherwise <c>default</c>.</param>
    /// <returns><see langword="true"/> when the text is a usable code.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out ClaimStatusCode result)
    {
        if (IdentifierText.TryNormalize(value, out var normalized))
        {
            result = new ClaimStatusCode(normalized);
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Returns the code text.</summary>
    /// <returns>The code, e.g. <c>22</c>.</returns>
    public override string ToString() => Value;

    static ClaimStatusCode ICanonicalIdentifier<ClaimStatusCode>.Create(string value) => new(value);
}
