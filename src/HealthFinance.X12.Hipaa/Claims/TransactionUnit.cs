using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;

namespace HealthFinance.X12.Hipaa.Claims;

/// <summary>One buffered transaction set (ST…SE, both included) with the envelope identifiers around it.</summary>
internal sealed class TransactionUnit
{
    public TransactionUnit(string interchangeControlNumber, string groupControlNumber, string groupVersion, IReadOnlyList<SegmentRecord> segments, string? fileName)
    {
        InterchangeControlNumber = interchangeControlNumber;
        GroupControlNumber = groupControlNumber;
        GroupVersion = groupVersion;
        Segments = segments;
        FileName = fileName;
    }

    /// <summary>ISA13.</summary>
    public string InterchangeControlNumber { get; }

    /// <summary>GS06.</summary>
    public string GroupControlNumber { get; }

    /// <summary>GS08.</summary>
    public string GroupVersion { get; }

    /// <summary>The segments from ST to SE.</summary>
    public IReadOnlyList<SegmentRecord> Segments { get; }

    /// <summary>The source file name, when known.</summary>
    public string? FileName { get; }

    /// <summary>ST01.</summary>
    public string TransactionSetId => Segments.Count > 0 ? Segments[0].Element(1) : string.Empty;

    /// <summary>ST02.</summary>
    public string ControlNumber => Segments.Count > 0 ? Segments[0].Element(2) : string.Empty;

    /// <summary>ST03 when present, otherwise GS08: the implementation guide the transaction claims to follow.</summary>
    public string ImplementationReference => Segments.Count > 0 && Segments[0].Element(3).Length > 0 ? Segments[0].Element(3) : GroupVersion;

    /// <summary>A source reference for a unit that starts at <paramref name="segment"/>.</summary>
    /// <param name="segment">The first segment of the unit.</param>
    /// <param name="position">The readable position, e.g. <c>ST*0001/CLM[2]</c>.</param>
    /// <returns>The reference.</returns>
    public SourceReference Source(SegmentRecord segment, string position) => new()
    {
        Format = SourceFormat.X12,
        InterchangeControlNumber = InterchangeControlNumber.Length > 0 ? InterchangeControlNumber : null,
        GroupControlNumber = GroupControlNumber.Length > 0 ? GroupControlNumber : null,
        TransactionSetControlNumber = ControlNumber.Length > 0 ? ControlNumber : null,
        Position = position,
        SegmentIndex = segment.SegmentIndex,
        FileName = FileName,
    };

    /// <summary>A finding located on <paramref name="segment"/>.</summary>
    /// <param name="code">The permanent code.</param>
    /// <param name="severity">The severity.</param>
    /// <param name="message">The message (never holds field values).</param>
    /// <param name="segment">The segment the finding is about.</param>
    /// <param name="path">The readable path.</param>
    /// <param name="element">The 1-based element position, when the finding is about one element.</param>
    /// <param name="component">The 1-based component position, when the finding is about one component.</param>
    /// <returns>The finding.</returns>
    public static Diagnostic Finding(string code, DiagnosticSeverity severity, string message, SegmentRecord segment, string path, int? element = null, int? component = null)
        => new(code, severity, message, new SourceLocation
        {
            Path = path,
            SegmentIndex = segment.SegmentIndex,
            SegmentId = segment.Id,
            SegmentPositionInTransaction = segment.PositionInTransaction,
            ElementPosition = element,
            ComponentPosition = component,
            ByteOffset = segment.ByteOffset,
        });
}
