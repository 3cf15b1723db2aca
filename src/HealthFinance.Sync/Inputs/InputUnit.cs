using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.Idempotency.Keys;

namespace HealthFinance.Sync.Inputs;

/// <summary>
/// One unit of input as a format reader delivers it: an X12 transaction set, an HL7 v2 message, a FHIR resource or
/// bundle, a payment-feed record. The pipeline processes a unit atomically: all of its events are taken in, or none.
/// </summary>
public sealed record InputUnit
{
    /// <summary>The input it came from (a file name), for operators.</summary>
    public required string SourceName { get; init; }

    /// <summary>The format name of the reader that produced it (<c>x12</c>, <c>hl7v2</c>, <c>fhir</c>, <c>payments</c>).</summary>
    public required string Format { get; init; }

    /// <summary>A short, non-identifying label (e.g. <c>835 0001</c>, <c>DFT^P03 MSG00012</c>, <c>line 7</c>).</summary>
    public required string Label { get; init; }

    /// <summary>Where the unit starts in its input (byte offset, segment or line), for operators.</summary>
    public string? Position { get; init; }

    /// <summary>A deterministic key of the unit (format, input name and the unit's identity in it): names its dead letter when it cannot be read.</summary>
    public required IdempotencyKey Key { get; init; }

    /// <summary>The canonical events read from it, in order.</summary>
    public required IReadOnlyList<CanonicalEvent> Events { get; init; }

    /// <summary>The reader's findings; an error finding quarantines every event of the unit.</summary>
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }

    /// <summary><see langword="true"/> when the unit was read but its kind carries nothing to post in this version (e.g. an X12 transaction set without a canonical mapping).</summary>
    public bool NotMapped { get; init; }

    /// <summary>Whether a finding is an error.</summary>
    public bool HasErrors => Diagnostics.Any(static d => d.IsError);
}
