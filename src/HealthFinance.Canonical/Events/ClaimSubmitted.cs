using System.Text.Json.Serialization;
using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>
/// A claim sent to a payer (X12 837P/837I/837D CLM loop, FHIR Claim). It carries references only
/// (account, subscriber and patient ids), never diagnoses or clinical notes.
/// </summary>
/// <remarks>
/// Invariants: at least one line; every line has a procedure or revenue code; all amounts share one
/// currency; the total charge is not negative. Whether CLM02 equals the sum of the line charges is a
/// validation finding, not a construction error, so a non-conformant claim can still be quarantined.
/// </remarks>
public sealed record ClaimSubmitted : CanonicalEvent
{
    private CurrencyCode? _currency;

    /// <summary>The claim id (CLM01 Patient Control Number).</summary>
    /// <exception cref="CanonicalModelException">The value is <c>default</c>.</exception>
    public required PatientControlNumber ClaimId { get; init => field = Guard.Id(value); }

    /// <summary>Professional, institutional or dental.</summary>
    /// <exception cref="CanonicalModelException">The value is undefined.</exception>
    public required ClaimType ClaimType { get; init => field = Guard.Defined(value); }

    /// <summary>The total claim charge (CLM02).</summary>
    /// <exception cref="CanonicalModelException">The value is negative or has no currency.</exception>
    /// <exception cref="CurrencyMismatchException">The currency differs from the lines'.</exception>
    public required Money TotalCharge { get; init => field = Guard.SameCurrency(ref _currency, Guard.NonNegative(value)); }

    /// <summary>The payer the claim is sent to (2010BB NM109).</summary>
    /// <exception cref="CanonicalModelException">The value is <c>default</c>.</exception>
    public required PayerId Payer { get; init => field = Guard.Id(value); }

    /// <summary>The billing provider's NPI (2010AA NM109).</summary>
    /// <exception cref="CanonicalModelException">The value is <c>default</c>.</exception>
    public required Npi BillingProvider { get; init => field = Guard.Id(value); }

    /// <summary>The billing provider's tax id (2010AA REF*EI), when present.</summary>
    public TaxId? BillingProviderTaxId { get; init => field = Guard.OptionalId(value); }

    /// <summary>The patient account, when the source carries it separately from the claim id.</summary>
    public PatientAccountNumber? PatientAccount { get; init => field = Guard.OptionalId(value); }

    /// <summary>The subscriber's member id (2010BA NM109), as a reference only.</summary>
    public string? SubscriberReference { get; init => field = Guard.OptionalText(value); }

    /// <summary>A patient reference (e.g. MRN from REF*EA) when the patient is not the subscriber.</summary>
    public string? PatientReference { get; init => field = Guard.OptionalText(value); }

    /// <summary>The payer responsibility sequence (SBR01: P, S, T...), when present.</summary>
    public string? PayerResponsibilitySequence { get; init => field = Guard.OptionalText(value); }

    /// <summary>The claim filing indicator (SBR09), which maps to the payer-class dimension.</summary>
    public string? ClaimFilingIndicator { get; init => field = Guard.OptionalText(value); }

    /// <summary>The place of service (837P) or facility type code (837I) from CLM05-1.</summary>
    public string? FacilityCode { get; init => field = Guard.OptionalText(value); }

    /// <summary>The claim frequency code (CLM05-3): 1 original, 7 replacement, 8 void...</summary>
    public string? ClaimFrequencyCode { get; init => field = Guard.OptionalText(value); }

    /// <summary>The payer claim control number of the claim being replaced or voided (REF*F8).</summary>
    public PayerClaimControlNumber? OriginalPayerClaimControlNumber { get; init => field = Guard.OptionalId(value); }

    /// <summary>The service facility (2310C / 2310E), when present.</summary>
    public FacilityId? ServiceFacility { get; init => field = Guard.OptionalId(value); }

    /// <summary>The service lines.</summary>
    /// <exception cref="CanonicalModelException">The list is empty, holds <see langword="null"/>, or a line has neither procedure nor revenue code.</exception>
    /// <exception cref="CurrencyMismatchException">A line's currency differs from the claim's.</exception>
    public required EquatableArray<ClaimLine> Lines
    {
        get;
        init
        {
            foreach (var line in Guard.NonEmpty(value))
            {
                if (line.Procedure is null && line.RevenueCode is null)
                {
                    throw new CanonicalModelException(CanonicalErrorCodes.InvalidValue, $"Claim line {line.LineNumber} has neither a procedure code nor a revenue code.", nameof(Lines));
                }

                Guard.SameCurrency(ref _currency, line.Charge.Currency, nameof(Lines));
            }

            field = value;
        }
    }

    /// <summary>The single currency of every amount in the event.</summary>
    [JsonIgnore]
    public CurrencyCode Currency => _currency ?? default;
}
