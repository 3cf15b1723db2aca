using System.Text.Json.Serialization;
using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>The adjudication and payment of one claim in a remittance (835 loop 2100: CLP, CAS, AMT*I, loop 2110).</summary>
/// <remarks>
/// Invariant: all amounts, including adjustments and service lines, share one currency. Paid amounts may
/// be zero (denials) or negative (reversals). The 835 balancing rules are validation findings, not
/// construction errors, so an unbalanced remittance can still be represented and quarantined.
/// </remarks>
public sealed record ClaimPayment
{
    private CurrencyCode? _currency;

    /// <summary>The claim id (CLP01 = 837 CLM01).</summary>
    /// <exception cref="CanonicalModelException">The value is <c>default</c>.</exception>
    public required PatientControlNumber ClaimId { get; init => field = Guard.Id(value); }

    /// <summary>The claim status code (CLP02); unknown codes are preserved.</summary>
    /// <exception cref="CanonicalModelException">The value is <c>default</c>.</exception>
    public required ClaimStatusCode Status { get; init => field = Guard.Id(value); }

    /// <summary>The total claim charge (CLP03).</summary>
    /// <exception cref="CanonicalModelException">The value has no currency.</exception>
    /// <exception cref="CurrencyMismatchException">The currency differs from the claim's other amounts.</exception>
    public required Money TotalCharge { get; init => field = Guard.SameCurrency(ref _currency, Guard.Money(value)); }

    /// <summary>The claim payment (CLP04); zero on denials, negative on reversals.</summary>
    /// <exception cref="CanonicalModelException">The value has no currency.</exception>
    /// <exception cref="CurrencyMismatchException">The currency differs from the claim's other amounts.</exception>
    public required Money Paid { get; init => field = Guard.SameCurrency(ref _currency, Guard.Money(value)); }

    /// <summary>The patient responsibility (CLP05), when present.</summary>
    /// <exception cref="CurrencyMismatchException">The currency differs from the claim's other amounts.</exception>
    public Money? PatientResponsibility { get; init => field = Guard.SameCurrency(ref _currency, value); }

    /// <summary>The payer's claim control number (CLP07).</summary>
    public PayerClaimControlNumber? PayerClaimControlNumber { get; init => field = Guard.OptionalId(value); }

    /// <summary>The claim filing indicator (CLP06), which maps to the payer-class dimension.</summary>
    public string? ClaimFilingIndicator { get; init => field = Guard.OptionalText(value); }

    /// <summary>The facility type code (CLP08), when present.</summary>
    public string? FacilityTypeCode { get; init => field = Guard.OptionalText(value); }

    /// <summary>The claim frequency code (CLP09), when present.</summary>
    public string? ClaimFrequencyCode { get; init => field = Guard.OptionalText(value); }

    /// <summary>Prompt-pay interest on the claim (AMT*I); informational, reaches cash only through PLB L6.</summary>
    /// <exception cref="CurrencyMismatchException">The currency differs from the claim's other amounts.</exception>
    public Money? Interest { get; init => field = Guard.SameCurrency(ref _currency, value); }

    /// <summary>The claim-level adjustments (CAS in loop 2100).</summary>
    /// <exception cref="CanonicalModelException">The list holds <see langword="null"/>.</exception>
    /// <exception cref="CurrencyMismatchException">An adjustment's currency differs from the claim's.</exception>
    public EquatableArray<ClaimAdjustment> Adjustments
    {
        get;
        init
        {
            foreach (var adjustment in Guard.Items(value))
            {
                Guard.SameCurrency(ref _currency, adjustment.Amount.Currency, nameof(Adjustments));
            }

            field = value;
        }
    }

    /// <summary>The service line payments (loop 2110).</summary>
    /// <exception cref="CanonicalModelException">The list holds <see langword="null"/>.</exception>
    /// <exception cref="CurrencyMismatchException">A line's currency differs from the claim's.</exception>
    public EquatableArray<ServicePayment> Services
    {
        get;
        init
        {
            foreach (var service in Guard.Items(value))
            {
                Guard.SameCurrency(ref _currency, service.Currency, nameof(Services));
            }

            field = value;
        }
    }

    /// <summary>The single currency of every amount in the claim payment.</summary>
    [JsonIgnore]
    public CurrencyCode Currency => _currency ?? default;
}
