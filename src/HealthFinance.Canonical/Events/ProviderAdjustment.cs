using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>
/// One provider-level adjustment (one reason/amount pair of an 835 PLB segment). A positive amount
/// reduces the payment (recoupment, withholding); a negative amount increases it (interest, forward balance).
/// </summary>
public sealed record ProviderAdjustment
{
    /// <summary>The provider identifier (PLB01).</summary>
    /// <exception cref="CanonicalModelException">The value is <c>default</c>.</exception>
    public required ProviderId Provider { get; init => field = Guard.Id(value); }

    /// <summary>The fiscal period date (PLB02), when present.</summary>
    public DateOnly? FiscalPeriodDate { get; init; }

    /// <summary>The provider adjustment reason code (PLB03-1), e.g. <c>L6</c>, <c>WO</c>, <c>FB</c>.</summary>
    /// <exception cref="CanonicalModelException">The value is empty.</exception>
    public required string ReasonCode { get; init => field = Guard.Text(value); }

    /// <summary>The reference identifier (PLB03-2), e.g. the financial control number of a recouped claim.</summary>
    public string? Reference { get; init => field = Guard.OptionalText(value); }

    /// <summary>The adjustment amount (PLB04); either sign.</summary>
    /// <exception cref="CanonicalModelException">The value has no currency.</exception>
    public required Money Amount { get; init => field = Guard.Money(value); }
}
