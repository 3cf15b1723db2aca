using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>The payment header of a remittance (835 BPR and TRN).</summary>
public sealed record RemittancePayment
{
    /// <summary>The transaction handling code (BPR01).</summary>
    /// <exception cref="CanonicalModelException">The value is undefined.</exception>
    public required PaymentHandlingCode HandlingCode { get; init => field = Guard.Defined(value); }

    /// <summary>The total actual provider payment (BPR02). A negative amount is representable so it can be flagged.</summary>
    /// <exception cref="CanonicalModelException">The value has no currency.</exception>
    public required Money Amount { get; init => field = Guard.Money(value); }

    /// <summary>The credit/debit flag (BPR03).</summary>
    /// <exception cref="CanonicalModelException">The value is undefined.</exception>
    public required CreditDebitIndicator CreditDebit { get; init => field = Guard.Defined(value); }

    /// <summary>The payment method (BPR04).</summary>
    /// <exception cref="CanonicalModelException">The value is undefined.</exception>
    public required RemittancePaymentMethod Method { get; init => field = Guard.Defined(value); }

    /// <summary>The check issue or EFT effective date (BPR16).</summary>
    public required DateOnly PaymentDate { get; init; }

    /// <summary>The check or EFT trace number (TRN02), the reassociation key.</summary>
    /// <exception cref="CanonicalModelException">The value is empty.</exception>
    public required string TraceNumber { get; init => field = Guard.Text(value); }

    /// <summary>The originating company identifier (TRN03, <c>1</c> + payer EIN), when present.</summary>
    public string? OriginatingCompanyId { get; init => field = Guard.OptionalText(value); }

    /// <summary>The originating company supplemental code (TRN04), when present.</summary>
    public string? OriginatingCompanySupplementalCode { get; init => field = Guard.OptionalText(value); }
}
