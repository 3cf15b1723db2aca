using System.Text.Json.Serialization;
using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>
/// A payer's or clearinghouse's acknowledgement of one claim (X12 277CA 2200D: TRN, STC, REF*1K).
/// </summary>
public sealed record ClaimStatusReported : CanonicalEvent
{
    /// <summary>The claim id echoed in TRN02 (= 837 CLM01).</summary>
    /// <exception cref="CanonicalModelException">The value is <c>default</c>.</exception>
    public required PatientControlNumber ClaimId { get; init => field = Guard.Id(value); }

    /// <summary>The payer's claim control number (REF*1K), once assigned.</summary>
    public PayerClaimControlNumber? PayerClaimControlNumber { get; init => field = Guard.OptionalId(value); }

    /// <summary>The payer, when known.</summary>
    public PayerId? Payer { get; init => field = Guard.OptionalId(value); }

    /// <summary>The claim status category code (STC01-1), e.g. <c>A2</c> accepted or <c>A7</c> rejected for invalid information.</summary>
    /// <exception cref="CanonicalModelException">The value is empty.</exception>
    public required string CategoryCode { get; init => field = Guard.Text(value); }

    /// <summary>The claim status code (STC01-2).</summary>
    /// <exception cref="CanonicalModelException">The value is empty.</exception>
    public required string StatusCode { get; init => field = Guard.Text(value); }

    /// <summary>The entity identifier code (STC01-3), when present.</summary>
    public string? EntityIdentifierCode { get; init => field = Guard.OptionalText(value); }

    /// <summary>The action (STC03): accepted (WQ) or rejected (U).</summary>
    /// <exception cref="CanonicalModelException">The value is undefined.</exception>
    public required ClaimStatusAction Action { get; init => field = Guard.Defined(value); }

    /// <summary>The status effective date (STC02), when present.</summary>
    public DateOnly? StatusDate { get; init; }

    /// <summary>The total claim charge the status refers to (STC04), when present.</summary>
    /// <exception cref="CanonicalModelException">The value has no currency.</exception>
    public Money? TotalCharge { get; init => field = value is { } v ? Guard.Money(v) : null; }

    /// <summary>
    /// <see langword="true"/> when the claim never entered adjudication: action rejected, or category
    /// A3, A6, A7 or A8. Such a claim is not aged as payer AR in process.
    /// </summary>
    [JsonIgnore]
    public bool IsRejection => Action == ClaimStatusAction.Rejected || CategoryCode is "A3" or "A6" or "A7" or "A8";
}
