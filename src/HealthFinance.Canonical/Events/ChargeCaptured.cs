using System.Text.Json.Serialization;
using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>
/// Charges posted to a patient account by the charge feed (HL7 v2 DFT^P03 FT1, FHIR ChargeItem).
/// Where a charge feed exists it is the revenue source; the later 837 only moves unbilled AR to billed AR.
/// </summary>
/// <remarks>Invariants: at least one line; all line amounts share one currency.</remarks>
public sealed record ChargeCaptured : CanonicalEvent
{
    private CurrencyCode? _currency;

    /// <summary>The patient account the charges post to (PID-18).</summary>
    /// <exception cref="CanonicalModelException">The value is <c>default</c>.</exception>
    public required PatientAccountNumber Account { get; init => field = Guard.Id(value); }

    /// <summary>The encounter the charges belong to (PV1-19), when known.</summary>
    public EncounterId? Encounter { get; init => field = Guard.OptionalId(value); }

    /// <summary>The facility where the services were rendered, when known.</summary>
    public FacilityId? Facility { get; init => field = Guard.OptionalId(value); }

    /// <summary>The charge lines.</summary>
    /// <exception cref="CanonicalModelException">The list is empty or holds <see langword="null"/>.</exception>
    /// <exception cref="CurrencyMismatchException">The lines use more than one currency.</exception>
    public required EquatableArray<ChargeLine> Lines
    {
        get;
        init
        {
            CurrencyCode? currency = null;
            foreach (var line in Guard.NonEmpty(value))
            {
                Guard.SameCurrency(ref currency, line.Amount.Currency, nameof(Lines));
            }

            _currency = currency;
            field = value;
        }
    }

    /// <summary>The single currency of every amount in the event.</summary>
    [JsonIgnore]
    public CurrencyCode Currency => _currency ?? default;
}
