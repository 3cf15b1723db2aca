using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>The accounting dimensions of a journal line; an ERP adapter maps them to segments or dimensions.</summary>
public sealed record JournalDimensions
{
    /// <summary>Dimensions with no values set.</summary>
    public static JournalDimensions None { get; } = new();

    /// <summary>The legal entity; journals balance per currency and legal entity.</summary>
    public LegalEntityId? LegalEntity { get; init => field = Guard.OptionalId(value); }

    /// <summary>The facility.</summary>
    public FacilityId? Facility { get; init => field = Guard.OptionalId(value); }

    /// <summary>The department or cost center.</summary>
    public string? CostCenter { get; init => field = Guard.OptionalText(value); }

    /// <summary>The service line.</summary>
    public string? ServiceLine { get; init => field = Guard.OptionalText(value); }

    /// <summary>The payer.</summary>
    public PayerId? Payer { get; init => field = Guard.OptionalId(value); }

    /// <summary>The payer class (e.g. from the claim filing indicator: Medicare, Medicaid, commercial, self-pay).</summary>
    public string? PayerClass { get; init => field = Guard.OptionalText(value); }

    /// <summary>The adjustment category of an adjustment line (e.g. <c>contractual</c>, <c>denial</c>).</summary>
    public string? AdjustmentCategory { get; init => field = Guard.OptionalText(value); }

    /// <summary>The CAS group and reason code of an adjustment line, e.g. <c>CO-45</c>.</summary>
    public string? AdjustmentReason { get; init => field = Guard.OptionalText(value); }

    /// <summary>The PLB reason code of a provider adjustment line, e.g. <c>L6</c>.</summary>
    public string? ProviderAdjustmentReason { get; init => field = Guard.OptionalText(value); }

    /// <summary>The claim the line traces back to. Prefer <see cref="JournalLine.References"/>: a claim id is too fine-grained to be a general-ledger dimension.</summary>
    public PatientControlNumber? ClaimId { get; init => field = Guard.OptionalId(value); }

    /// <summary>The patient account the line traces back to. Prefer <see cref="JournalLine.References"/>: an account is too fine-grained to be a general-ledger dimension.</summary>
    public PatientAccountNumber? Account { get; init => field = Guard.OptionalId(value); }
}
