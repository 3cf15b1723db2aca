using System.Text.Json.Serialization;
using HealthFinance.Canonical.Internal;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical.Events;

/// <summary>
/// A trading partner's acknowledgment of something we sent: an X12 TA1 (interchange envelope), a 999
/// implementation acknowledgment (one functional group, with per-transaction-set detail), or a 997.
/// A rejection here means the partner never took the data in: the claims it carried are not "in process".
/// </summary>
public sealed record AcknowledgmentReceived : CanonicalEvent
{
    /// <summary>What kind of acknowledgment this is.</summary>
    /// <exception cref="CanonicalModelException">The value is undefined.</exception>
    public required AcknowledgmentKind Kind { get; init => field = Guard.Defined(value); }

    /// <summary>The partner's verdict on the acknowledged unit (TA104, AK901).</summary>
    /// <exception cref="CanonicalModelException">The value is undefined.</exception>
    public required AcknowledgmentStatus Status { get; init => field = Guard.Defined(value); }

    /// <summary>The control number of the acknowledged unit: ISA13 for a TA1, GS06 for a 999/997 (AK102).</summary>
    /// <exception cref="CanonicalModelException">The value is empty.</exception>
    public required string AcknowledgedControlNumber { get; init => field = Guard.Text(value); }

    /// <summary>The functional identifier code of the acknowledged group (AK101, e.g. <c>HC</c>), when given.</summary>
    public string? AcknowledgedFunctionalCode { get; init => field = Guard.OptionalText(value); }

    /// <summary>The version of the acknowledged group (AK103, e.g. <c>005010X222A1</c>), when given.</summary>
    public string? AcknowledgedVersion { get; init => field = Guard.OptionalText(value); }

    /// <summary>The TA1 interchange note code (TA105, <c>000</c> = no error), for a TA1.</summary>
    public string? NoteCode { get; init => field = Guard.OptionalText(value); }

    /// <summary>The group-level error codes (AK905–AK909), in order.</summary>
    /// <exception cref="CanonicalModelException">A code is empty.</exception>
    public EquatableArray<string> ErrorCodes { get; init => field = Guard.Codes(value); }

    /// <summary>AK902: the number of transaction sets the sender said the group included, when given.</summary>
    /// <exception cref="CanonicalModelException">The value is negative.</exception>
    public int? TransactionSetsIncluded { get; init => field = value is { } v ? (int)Guard.NonNegative(v) : null; }

    /// <summary>AK903: the number of transaction sets the partner received, when given.</summary>
    /// <exception cref="CanonicalModelException">The value is negative.</exception>
    public int? TransactionSetsReceived { get; init => field = value is { } v ? (int)Guard.NonNegative(v) : null; }

    /// <summary>AK904: the number of transaction sets the partner accepted, when given.</summary>
    /// <exception cref="CanonicalModelException">The value is negative.</exception>
    public int? TransactionSetsAccepted { get; init => field = value is { } v ? (int)Guard.NonNegative(v) : null; }

    /// <summary>The per-transaction-set responses (AK2 … IK5), in order.</summary>
    /// <exception cref="CanonicalModelException">The list holds <see langword="null"/>.</exception>
    public EquatableArray<AcknowledgedTransaction> Transactions { get; init => field = Guard.Items(value); }
}

/// <summary>The kinds of acknowledgment.</summary>
[JsonConverter(typeof(CanonicalEnumConverter<AcknowledgmentKind>))]
public enum AcknowledgmentKind
{
    /// <summary>X12 TA1: the interchange envelope was (or was not) readable. JSON <c>interchange</c>.</summary>
    Interchange = 0,

    /// <summary>X12 999 (005010X231A1): implementation acknowledgment of a functional group. JSON <c>implementation</c>.</summary>
    Implementation = 1,

    /// <summary>X12 997: functional acknowledgment of a functional group. JSON <c>functional</c>.</summary>
    Functional = 2,
}

/// <summary>A partner's verdict on an acknowledged unit.</summary>
[JsonConverter(typeof(CanonicalEnumConverter<AcknowledgmentStatus>))]
public enum AcknowledgmentStatus
{
    /// <summary>Accepted (A). JSON <c>accepted</c>.</summary>
    Accepted = 0,

    /// <summary>Accepted, but errors were noted (E). JSON <c>acceptedWithErrors</c>.</summary>
    AcceptedWithErrors = 1,

    /// <summary>Some transaction sets accepted, others rejected (P). JSON <c>partiallyAccepted</c>.</summary>
    PartiallyAccepted = 2,

    /// <summary>Rejected (R, or M/W/X for security failures). JSON <c>rejected</c>.</summary>
    Rejected = 3,
}

/// <summary>A partner's response to one transaction set (999 AK2 … IK5).</summary>
public sealed record AcknowledgedTransaction
{
    /// <summary>AK201: the transaction set identifier code (e.g. <c>837</c>).</summary>
    /// <exception cref="CanonicalModelException">The value is empty.</exception>
    public required string TransactionSetId { get; init => field = Guard.Text(value); }

    /// <summary>AK202: the transaction set control number (ST02 of what we sent).</summary>
    /// <exception cref="CanonicalModelException">The value is empty.</exception>
    public required string ControlNumber { get; init => field = Guard.Text(value); }

    /// <summary>AK203: the implementation convention reference, when given.</summary>
    public string? ImplementationReference { get; init => field = Guard.OptionalText(value); }

    /// <summary>IK501: the verdict on the transaction set.</summary>
    /// <exception cref="CanonicalModelException">The value is undefined.</exception>
    public required AcknowledgmentStatus Status { get; init => field = Guard.Defined(value); }

    /// <summary>IK502–IK506: the transaction set syntax error codes.</summary>
    /// <exception cref="CanonicalModelException">A code is empty.</exception>
    public EquatableArray<string> ErrorCodes { get; init => field = Guard.Codes(value); }

    /// <summary>The segment errors (IK3 with their IK4 detail), in order.</summary>
    /// <exception cref="CanonicalModelException">The list holds <see langword="null"/>.</exception>
    public EquatableArray<AcknowledgedSegmentError> SegmentErrors { get; init => field = Guard.Items(value); }
}

/// <summary>A segment error reported in a 999 IK3, with its element errors (IK4).</summary>
public sealed record AcknowledgedSegmentError
{
    /// <summary>IK301: the segment identifier.</summary>
    /// <exception cref="CanonicalModelException">The value is empty.</exception>
    public required string SegmentId { get; init => field = Guard.Text(value); }

    /// <summary>IK302: the 1-based position of the segment in the transaction set (ST = 1).</summary>
    /// <exception cref="CanonicalModelException">The value is less than 1.</exception>
    public required int PositionInTransaction { get; init => field = Guard.Positive(value); }

    /// <summary>IK303: the loop identifier, when given.</summary>
    public string? LoopId { get; init => field = Guard.OptionalText(value); }

    /// <summary>IK304: the segment syntax error code, when given.</summary>
    public string? Code { get; init => field = Guard.OptionalText(value); }

    /// <summary>The element errors (IK4), in order.</summary>
    /// <exception cref="CanonicalModelException">The list holds <see langword="null"/>.</exception>
    public EquatableArray<AcknowledgedElementError> ElementErrors { get; init => field = Guard.Items(value); }
}

/// <summary>An element error reported in a 999 IK4.</summary>
public sealed record AcknowledgedElementError
{
    /// <summary>IK401-1: the 1-based element position in the segment.</summary>
    /// <exception cref="CanonicalModelException">The value is less than 1.</exception>
    public required int ElementPosition { get; init => field = Guard.Positive(value); }

    /// <summary>IK401-2: the 1-based component position, when the error is in a component.</summary>
    /// <exception cref="CanonicalModelException">The value is less than 1.</exception>
    public int? ComponentPosition { get; init => field = value is { } v ? Guard.Positive(v) : null; }

    /// <summary>IK401-3: the 1-based repetition, when the element repeats.</summary>
    /// <exception cref="CanonicalModelException">The value is less than 1.</exception>
    public int? RepetitionPosition { get; init => field = value is { } v ? Guard.Positive(v) : null; }

    /// <summary>IK402: the data element reference number, when given.</summary>
    public string? ElementReference { get; init => field = Guard.OptionalText(value); }

    /// <summary>IK403: the data element syntax error code.</summary>
    /// <exception cref="CanonicalModelException">The value is empty.</exception>
    public required string Code { get; init => field = Guard.Text(value); }
}
