using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical;

/// <summary>
/// Where a canonical event came from: enough envelope identifiers and position to trace a journal line
/// back to the exact source unit and to derive deterministic idempotency keys.
/// </summary>
public sealed record SourceReference
{
    /// <summary>The kind of source.</summary>
    /// <exception cref="CanonicalModelException">The value is not a defined <see cref="SourceFormat"/>.</exception>
    public required SourceFormat Format { get; init => field = Guard.Defined(value); }

    /// <summary>The X12 interchange control number (ISA13), when the source is X12.</summary>
    public string? InterchangeControlNumber { get; init => field = Guard.OptionalText(value); }

    /// <summary>The X12 group control number (GS06), when the source is X12.</summary>
    public string? GroupControlNumber { get; init => field = Guard.OptionalText(value); }

    /// <summary>The X12 transaction set control number (ST02), when the source is X12.</summary>
    public string? TransactionSetControlNumber { get; init => field = Guard.OptionalText(value); }

    /// <summary>The HL7 v2 message control id (MSH-10), FHIR resource id or gateway transaction id.</summary>
    public string? MessageControlId { get; init => field = Guard.OptionalText(value); }

    /// <summary>A readable position inside the source unit, e.g. <c>ST*0001/CLP[3]</c> or <c>FT1[2]</c>.</summary>
    public string? Position { get; init => field = Guard.OptionalText(value); }

    /// <summary>The 0-based index of the first segment of the unit in its input, when known.</summary>
    /// <exception cref="CanonicalModelException">The value is negative.</exception>
    public long? SegmentIndex { get; init => field = value is { } v ? Guard.NonNegative(v) : null; }

    /// <summary>The name of the file the source was read from, when known.</summary>
    public string? FileName { get; init => field = Guard.OptionalText(value); }
}
