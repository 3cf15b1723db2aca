using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>A refund of a credit balance to a patient or a payer (AP check, ACH or card refund).</summary>
/// <remarks>Invariant: the amount is positive.</remarks>
public sealed record RefundIssued : CanonicalEvent
{
    /// <summary>The refund's own identifier (AP document or gateway refund id).</summary>
    /// <exception cref="CanonicalModelException">The value is empty.</exception>
    public required string RefundId { get; init => field = Guard.Text(value); }

    /// <summary>The patient account whose credit balance is refunded.</summary>
    /// <exception cref="CanonicalModelException">The value is <c>default</c>.</exception>
    public required PatientAccountNumber Account { get; init => field = Guard.Id(value); }

    /// <summary>Who receives the refund.</summary>
    /// <exception cref="CanonicalModelException">The value is undefined.</exception>
    public required RefundRecipient Recipient { get; init => field = Guard.Defined(value); }

    /// <summary>The payer refunded, when the recipient is a payer.</summary>
    public PayerId? Payer { get; init => field = Guard.OptionalId(value); }

    /// <summary>The claim the overpayment belongs to, when known.</summary>
    public PatientControlNumber? ClaimId { get; init => field = Guard.OptionalId(value); }

    /// <summary>The amount refunded.</summary>
    /// <exception cref="CanonicalModelException">The value is not positive or has no currency.</exception>
    public required Money Amount { get; init => field = Guard.Positive(value); }

    /// <summary>How the refund is paid.</summary>
    /// <exception cref="CanonicalModelException">The value is undefined.</exception>
    public required TenderType Method { get; init => field = Guard.Defined(value); }

    /// <summary>The date the refund was issued.</summary>
    public required DateOnly IssueDate { get; init; }

    /// <summary>A reason code or short reason, when present.</summary>
    public string? Reason { get; init => field = Guard.OptionalText(value); }

    /// <summary>A reference to the payment being refunded (e.g. merchant transaction id), when present.</summary>
    public string? OriginalPaymentReference { get; init => field = Guard.OptionalText(value); }
}
