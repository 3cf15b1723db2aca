using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>One service line of a submitted claim (837P SV1, 837I SV2, 837D SV3).</summary>
/// <remarks>
/// Charges and units are never negative: an 837 corrects by void/replace, not by negative lines.
/// A line carries a procedure code, a revenue code or both.
/// </remarks>
public sealed record ClaimLine
{
    /// <summary>The 1-based line number (LX01).</summary>
    /// <exception cref="CanonicalModelException">The value is not positive.</exception>
    public required int LineNumber { get; init => field = Guard.Positive(value); }

    /// <summary>The procedure code (SV101 / SV202 / SV301), when present.</summary>
    public ChargeCode? Procedure { get; init; }

    /// <summary>Procedure modifiers, in source order.</summary>
    /// <exception cref="CanonicalModelException">A modifier is empty or untrimmed.</exception>
    public EquatableArray<string> Modifiers { get; init => field = Guard.Codes(value); }

    /// <summary>The NUBC revenue code (SV201), required on institutional lines.</summary>
    public string? RevenueCode { get; init => field = Guard.OptionalText(value); }

    /// <summary>The units of service (SV104 / SV205).</summary>
    /// <exception cref="CanonicalModelException">The value is negative.</exception>
    public required decimal Units { get; init => field = Guard.NonNegative(value); }

    /// <summary>The line charge (SV102 / SV203 / SV302).</summary>
    /// <exception cref="CanonicalModelException">The value is negative or has no currency.</exception>
    public required Money Charge { get; init => field = Guard.NonNegative(value); }

    /// <summary>The date of service (DTP*472), when present.</summary>
    public DateOnly? ServiceDate { get; init; }

    /// <summary>The line item control number (REF*6R) the 835 echoes for line matching.</summary>
    public string? LineItemControlNumber { get; init => field = Guard.OptionalText(value); }
}
