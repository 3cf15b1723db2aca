using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>
/// An adjustment to a patient account outside a remittance: a balance adjustment, a write-off, a transfer
/// to bad debt or a charity care adjustment (HL7 DFT FT1 adjustments, patient accounting feeds).
/// </summary>
/// <remarks>
/// A positive amount reduces the account balance; a negative amount reverses an earlier adjustment.
/// The amount must not be zero.
/// </remarks>
public sealed record AccountAdjusted : CanonicalEvent
{
    /// <summary>The patient account adjusted.</summary>
    /// <exception cref="CanonicalModelException">The value is <c>default</c>.</exception>
    public required PatientAccountNumber Account { get; init => field = Guard.Id(value); }

    /// <summary>The encounter adjusted, when known.</summary>
    public EncounterId? Encounter { get; init => field = Guard.OptionalId(value); }

    /// <summary>The kind of adjustment.</summary>
    /// <exception cref="CanonicalModelException">The value is undefined.</exception>
    public required AccountAdjustmentKind Kind { get; init => field = Guard.Defined(value); }

    /// <summary>The adjustment reason code (the source's transaction code).</summary>
    /// <exception cref="CanonicalModelException">The value is empty.</exception>
    public required string ReasonCode { get; init => field = Guard.Text(value); }

    /// <summary>A short human-readable reason, when present.</summary>
    public string? Reason { get; init => field = Guard.OptionalText(value); }

    /// <summary>The adjustment amount: positive reduces the balance, negative reverses an adjustment.</summary>
    /// <exception cref="CanonicalModelException">The value is zero or has no currency.</exception>
    public required Money Amount
    {
        get;
        init => field = Guard.Money(value).IsZero
            ? throw new CanonicalModelException(CanonicalErrorCodes.InvalidValue, "Amount must not be zero.", nameof(Amount))
            : value;
    }

    /// <summary>The payer whose balance is adjusted, when the adjustment is payer-specific.</summary>
    public PayerId? Payer { get; init => field = Guard.OptionalId(value); }

    /// <summary>The accounting date the adjustment posts on.</summary>
    public required DateOnly PostingDate { get; init; }
}
