using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>One charge from a charge feed (HL7 DFT FT1, FHIR ChargeItem).</summary>
public sealed record ChargeLine
{
    /// <summary>The source's transaction id for the line (FT1-2 / ChargeItem.id), when present.</summary>
    public string? LineId { get; init => field = Guard.OptionalText(value); }

    /// <summary>Whether the line is a charge or a charge credit.</summary>
    /// <exception cref="CanonicalModelException">The value is undefined.</exception>
    public ChargeTransactionType TransactionType { get; init => field = Guard.Defined(value); } = ChargeTransactionType.Charge;

    /// <summary>The procedure, supply or service code (FT1-7 / FT1-25).</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public required ChargeCode Code { get; init => field = value ?? throw new ArgumentNullException(nameof(Code)); }

    /// <summary>Procedure modifiers (FT1-26), in source order.</summary>
    /// <exception cref="CanonicalModelException">A modifier is empty or untrimmed.</exception>
    public EquatableArray<string> Modifiers { get; init => field = Guard.Codes(value); }

    /// <summary>The NUBC revenue code, when known.</summary>
    public string? RevenueCode { get; init => field = Guard.OptionalText(value); }

    /// <summary>The quantity (FT1-10); never negative: credits use <see cref="TransactionType"/>.</summary>
    /// <exception cref="CanonicalModelException">The value is negative.</exception>
    public required decimal Units { get; init => field = Guard.NonNegative(value); }

    /// <summary>The extended amount of the line (FT1-11); never negative: credits use <see cref="TransactionType"/>.</summary>
    /// <exception cref="CanonicalModelException">The value is negative or has no currency.</exception>
    public required Money Amount { get; init => field = Guard.NonNegative(value); }

    /// <summary>The date of service (FT1-4).</summary>
    public required DateOnly ServiceDate { get; init; }

    /// <summary>The performing department or cost center (FT1-13), when known.</summary>
    public string? Department { get; init => field = Guard.OptionalText(value); }

    /// <summary>The amount with its sign applied: negative for a <see cref="ChargeTransactionType.Credit"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Money SignedAmount => TransactionType == ChargeTransactionType.Credit ? -Amount : Amount;
}
