using System.Text.Json.Serialization;
using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>The payment of one service line (835 loop 2110: SVC, DTM, CAS, REF*6R, AMT*B6).</summary>
/// <remarks>
/// Invariant: all amounts share one currency. Amounts and units may be negative on reversals (CLP02 = 22),
/// where the payer negates the original values.
/// </remarks>
public sealed record ServicePayment
{
    private CurrencyCode? _currency;

    /// <summary>The adjudicated procedure code (SVC01), when present.</summary>
    public ChargeCode? Procedure { get; init; }

    /// <summary>Procedure modifiers (SVC01-3..6), in source order.</summary>
    /// <exception cref="CanonicalModelException">A modifier is empty or untrimmed.</exception>
    public EquatableArray<string> Modifiers { get; init => field = Guard.Codes(value); }

    /// <summary>The NUBC revenue code (SVC04), when present.</summary>
    public string? RevenueCode { get; init => field = Guard.OptionalText(value); }

    /// <summary>The line charge (SVC02).</summary>
    /// <exception cref="CanonicalModelException">The value has no currency.</exception>
    /// <exception cref="CurrencyMismatchException">The currency differs from the line's other amounts.</exception>
    public required Money Charge { get; init => field = Guard.SameCurrency(ref _currency, Guard.Money(value)); }

    /// <summary>The line payment (SVC03).</summary>
    /// <exception cref="CanonicalModelException">The value has no currency.</exception>
    /// <exception cref="CurrencyMismatchException">The currency differs from the line's other amounts.</exception>
    public required Money Paid { get; init => field = Guard.SameCurrency(ref _currency, Guard.Money(value)); }

    /// <summary>The allowed amount (AMT*B6), informational only.</summary>
    /// <exception cref="CurrencyMismatchException">The currency differs from the line's other amounts.</exception>
    public Money? Allowed { get; init => field = Guard.SameCurrency(ref _currency, value); }

    /// <summary>The paid units of service (SVC05), when present.</summary>
    public decimal? Units { get; init; }

    /// <summary>The date of service (DTM*472 or DTM*150), when present.</summary>
    public DateOnly? ServiceDate { get; init; }

    /// <summary>The line item control number (REF*6R) echoed from the 837.</summary>
    public string? LineItemControlNumber { get; init => field = Guard.OptionalText(value); }

    /// <summary>The service-level adjustments (CAS in loop 2110).</summary>
    /// <exception cref="CanonicalModelException">The list holds <see langword="null"/>.</exception>
    /// <exception cref="CurrencyMismatchException">An adjustment's currency differs from the line's.</exception>
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

    /// <summary>The single currency of every amount on the line.</summary>
    [JsonIgnore]
    public CurrencyCode Currency => _currency ?? default;
}
