using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>
/// One claim or service adjustment (one reason/amount/quantity triplet of an 835 CAS segment).
/// A positive amount decreases the payment; a negative amount increases it (and appears on reversals).
/// </summary>
public sealed record ClaimAdjustment
{
    /// <summary>The group code (CAS01).</summary>
    /// <exception cref="CanonicalModelException">The value is undefined.</exception>
    public required AdjustmentGroupCode Group { get; init => field = Guard.Defined(value); }

    /// <summary>The claim adjustment reason code (CARC), e.g. <c>45</c>.</summary>
    /// <exception cref="CanonicalModelException">The value is empty.</exception>
    public required string ReasonCode { get; init => field = Guard.Text(value); }

    /// <summary>The adjustment amount; either sign.</summary>
    /// <exception cref="CanonicalModelException">The value has no currency.</exception>
    public required Money Amount { get; init => field = Guard.Money(value); }

    /// <summary>The adjusted quantity, when present.</summary>
    public decimal? Quantity { get; init; }
}
