using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>
/// The references of a journal line back to the business objects it posts (claim, patient account, payment trace,
/// provider adjustment, reversed journal). They trace a line to its source; they are never general-ledger dimensions.
/// </summary>
public sealed record JournalLineReferences
{
    /// <summary>No references.</summary>
    public static JournalLineReferences None { get; } = new();

    /// <summary>The claim (patient control number, CLP01 = CLM01).</summary>
    public PatientControlNumber? ClaimId { get; init => field = Guard.OptionalId(value); }

    /// <summary>The payer claim control number (CLP07).</summary>
    public PayerClaimControlNumber? PayerClaimControlNumber { get; init => field = Guard.OptionalId(value); }

    /// <summary>The patient account.</summary>
    public PatientAccountNumber? PatientAccount { get; init => field = Guard.OptionalId(value); }

    /// <summary>The payment trace number (835 TRN02), keying cash clearing.</summary>
    public string? TraceNumber { get; init => field = Guard.OptionalText(value); }

    /// <summary>The provider adjustment reference (835 PLB03-2).</summary>
    public string? ProviderAdjustmentReference { get; init => field = Guard.OptionalText(value); }

    /// <summary>The journal id of the original posting a reversal mirrors.</summary>
    public string? ReversedJournalId { get; init => field = Guard.OptionalText(value); }

    /// <summary>Whether no reference is set.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => ClaimId is null && PayerClaimControlNumber is null && PatientAccount is null && TraceNumber is null && ProviderAdjustmentReference is null && ReversedJournalId is null;
}
