using System.Text.Json.Serialization;
using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>
/// A payer's remittance advice (one X12 835 transaction set, or a FHIR ClaimResponse/PaymentReconciliation):
/// the payment, the claims it pays or denies, and provider-level adjustments.
/// </summary>
/// <remarks>
/// Invariant: the payment, every claim and every provider adjustment share one currency. The balancing
/// rules (BPR02 = Σ CLP04 − Σ PLB; CLP03 − CAS = CLP04) are checked by validation, not at construction:
/// an unbalanced 835 must be representable so it can be quarantined with its reasons.
/// </remarks>
public sealed record RemittanceReceived : CanonicalEvent
{
    private CurrencyCode? _currency;

    /// <summary>The payment header (BPR, TRN).</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    /// <exception cref="CurrencyMismatchException">The payment's currency differs from the claims'.</exception>
    public required RemittancePayment Payment
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Payment));
            Guard.SameCurrency(ref _currency, value.Amount.Currency, nameof(Payment));
            field = value;
        }
    }

    /// <summary>The payer (N1*PR N104 or TRN03).</summary>
    /// <exception cref="CanonicalModelException">The value is <c>default</c>.</exception>
    public required PayerId Payer { get; init => field = Guard.Id(value); }

    /// <summary>The payer name (N1*PR N102), when present.</summary>
    public string? PayerName { get; init => field = Guard.OptionalText(value); }

    /// <summary>The payee NPI (N1*PE with qualifier XX), when present.</summary>
    public Npi? PayeeNpi { get; init => field = Guard.OptionalId(value); }

    /// <summary>The payee tax id (N1*PE with qualifier FI, or REF*TJ), when present.</summary>
    public TaxId? PayeeTaxId { get; init => field = Guard.OptionalId(value); }

    /// <summary>The payee name (N1*PE N102), when present.</summary>
    public string? PayeeName { get; init => field = Guard.OptionalText(value); }

    /// <summary>The claim payments (loop 2100); may be empty for a remittance holding only provider adjustments.</summary>
    /// <exception cref="CanonicalModelException">The list holds <see langword="null"/>.</exception>
    /// <exception cref="CurrencyMismatchException">A claim's currency differs from the payment's.</exception>
    public required EquatableArray<ClaimPayment> Claims
    {
        get;
        init
        {
            foreach (var claim in Guard.Items(value))
            {
                Guard.SameCurrency(ref _currency, claim.Currency, nameof(Claims));
            }

            field = value;
        }
    }

    /// <summary>The provider-level adjustments (PLB).</summary>
    /// <exception cref="CanonicalModelException">The list holds <see langword="null"/>.</exception>
    /// <exception cref="CurrencyMismatchException">An adjustment's currency differs from the payment's.</exception>
    public EquatableArray<ProviderAdjustment> ProviderAdjustments
    {
        get;
        init
        {
            foreach (var adjustment in Guard.Items(value))
            {
                Guard.SameCurrency(ref _currency, adjustment.Amount.Currency, nameof(ProviderAdjustments));
            }

            field = value;
        }
    }

    /// <summary>The single currency of every amount in the remittance.</summary>
    [JsonIgnore]
    public CurrencyCode Currency => _currency ?? default;
}
