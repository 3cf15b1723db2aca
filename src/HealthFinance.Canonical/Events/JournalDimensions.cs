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

    /// <summary>The claim the line traces back to.</summary>
    public PatientControlNumber? ClaimId { get; init => field = Guard.OptionalId(value); }

    /// <summary>The patient account the line traces back to.</summary>
    public PatientAccountNumber? Account { get; init => field = Guard.OptionalId(value); }
}
