using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Hl7v2;

/// <summary>The acknowledgment code (HL7 table 0008) a message deserves.</summary>
public enum Hl7v2AckCode
{
    /// <summary>AA: application accept.</summary>
    Accept = 0,

    /// <summary>AE: application error (the message is readable but holds errors).</summary>
    Error = 1,

    /// <summary>AR: application reject (unreadable, unsupported message type or version, or no usable MSH).</summary>
    Reject = 2,
}

/// <summary>
/// The outcome of one HL7 v2 message: the canonical events it maps to and every finding, with positions. A unit of the
/// input that is not a message (a batch header or trailer with a finding, or unreadable bytes) has
/// <see cref="MessageType"/> <see langword="null"/>.
/// </summary>
public sealed record Hl7v2MessageResult
{
    /// <summary>The 0-based index of the message in the input (counting MSH segments), or -1 for a unit without MSH.</summary>
    public required int MessageIndex { get; init; }

    /// <summary>The message type <c>MSH-9.1^MSH-9.2</c> (e.g. <c>DFT^P03</c>), or <see langword="null"/> when not read.</summary>
    public string? MessageType { get; init; }

    /// <summary>The message control id (MSH-10), when present.</summary>
    public string? MessageControlId { get; init; }

    /// <summary>The version id (MSH-12.1), when present.</summary>
    public string? Version { get; init; }

    /// <summary>The 0-based index, in the input, of the unit's first segment.</summary>
    public required long SegmentIndex { get; init; }

    /// <summary>The absolute 0-based offset of the unit's first byte.</summary>
    public required long ByteOffset { get; init; }

    /// <summary>The unit's length in bytes.</summary>
    public required int ByteLength { get; init; }

    /// <summary>The canonical events; empty when the message has an error or maps to nothing.</summary>
    public required IReadOnlyList<CanonicalEvent> Events { get; init; }

    /// <summary>The findings, in input order.</summary>
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }

    /// <summary>Whether any finding is an error (then <see cref="Events"/> is empty).</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>The acknowledgment code the message deserves.</summary>
    public required Hl7v2AckCode AckCode { get; init; }
}
