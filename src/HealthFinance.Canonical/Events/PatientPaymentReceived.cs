using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>A payment by a patient or guarantor (portal, payment gateway, lockbox, point of service).</summary>
/// <remarks>Invariant: the amount is positive; a reversed payment is a <see cref="SettlementStatus.Failed"/> or <see cref="SettlementStatus.Voided"/> payment or a <see cref="RefundIssued"/>.</remarks>
public sealed record PatientPaymentReceived : CanonicalEvent
{
    /// <summary>The patient account the payment applies to.</summary>
    /// <exception cref="CanonicalModelException">The value is <c>default</c>.</exception>
    public required PatientAccountNumber Account { get; init => field = Guard.Id(value); }

    /// <summary>The statement or invoice paid, when known.</summary>
    public InvoiceId? Invoice { get; init => field = Guard.OptionalId(value); }

    /// <summary>The encounter paid for, when known (pre-service deposits have none).</summary>
    public EncounterId? Encounter { get; init => field = Guard.OptionalId(value); }

    /// <summary>The amount paid.</summary>
    /// <exception cref="CanonicalModelException">The value is not positive or has no currency.</exception>
    public required Money Amount { get; init => field = Guard.Positive(value); }

    /// <summary>How the patient paid.</summary>
    /// <exception cref="CanonicalModelException">The value is undefined.</exception>
    public required TenderType Method { get; init => field = Guard.Defined(value); }

    /// <summary>The settlement state at the gateway or bank.</summary>
    /// <exception cref="CanonicalModelException">The value is undefined.</exception>
    public required SettlementStatus Settlement { get; init => field = Guard.Defined(value); }

    /// <summary>The gateway's or processor's transaction id, when present.</summary>
    public string? MerchantTransactionId { get; init => field = Guard.OptionalText(value); }

    /// <summary>The settlement batch id, when present.</summary>
    public string? SettlementBatchId { get; init => field = Guard.OptionalText(value); }

    /// <summary>Where the payment was taken (facility, portal, lockbox), when known.</summary>
    public string? Location { get; init => field = Guard.OptionalText(value); }

    /// <summary>The accounting date the payment posts on.</summary>
    public required DateOnly PostingDate { get; init; }
}
