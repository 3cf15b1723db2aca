using System.Globalization;
using HealthFinance.Canonical.Diagnostics;

namespace HealthFinance.Hl7v2;

/// <summary>
/// The input is structurally unreadable: an <see cref="Hl7v2Reader"/> cannot continue (codes HL7-00xx of
/// <see cref="Hl7v2DiagnosticCodes"/>). The control totals also throw it, with HL7-0102, for an FT1
/// amount that is not a number.
/// </summary>
/// <remarks>The message ends with the location, <c>JsonException</c> style: <c> Segment: 4 (FT1) | Field: 11 | Byte: 311.</c></remarks>
public sealed class Hl7v2ReaderException : Exception
{
    /// <summary>Creates an exception with code HL7-0000 (unspecified) and no location.</summary>
    public Hl7v2ReaderException()
        : this("The HL7 v2 input is unreadable.")
    {
    }

    /// <summary>Creates an exception with code HL7-0000 (unspecified) and no location.</summary>
    /// <param name="message">The message.</param>
    public Hl7v2ReaderException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates an exception with code HL7-0000 (unspecified) and no location.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public Hl7v2ReaderException(string message, Exception? innerException)
        : base(message, innerException)
    {
        ErrorCode = Hl7v2DiagnosticCodes.Unspecified;
        Description = message;
    }

    /// <summary>Creates an exception for a structural failure at a known location.</summary>
    /// <param name="errorCode">The permanent code, e.g. <c>HL7-0001</c>.</param>
    /// <param name="description">The description, without the location.</param>
    /// <param name="segmentIndex">The 0-based index of the segment in the input.</param>
    /// <param name="segmentId">The segment identifier, when known.</param>
    /// <param name="fieldPosition">The 1-based field position (MSH numbering), or 0.</param>
    /// <param name="bytePosition">The absolute 0-based byte offset.</param>
    /// <exception cref="ArgumentException"><paramref name="errorCode"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="description"/> is <see langword="null"/>.</exception>
    public Hl7v2ReaderException(string errorCode, string description, long segmentIndex, string? segmentId, int fieldPosition, long bytePosition)
        : base(FormatMessage(description, segmentIndex, segmentId, fieldPosition, bytePosition))
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        ArgumentNullException.ThrowIfNull(description);
        ErrorCode = errorCode;
        Description = description;
        SegmentIndex = segmentIndex;
        SegmentId = segmentId;
        FieldPosition = fieldPosition;
        BytePosition = bytePosition;
    }

    /// <summary>The permanent error code, e.g. <c>HL7-0001</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The description of the failure, without the location suffix.</summary>
    public string Description { get; }

    /// <summary>The 0-based index (across the whole input) of the segment where reading failed.</summary>
    public long SegmentIndex { get; }

    /// <summary>The identifier of that segment (e.g. <c>MSH</c>) when it could be read; otherwise <see langword="null"/>.</summary>
    public string? SegmentId { get; }

    /// <summary>The 1-based field position (MSH-1 is the field separator), or 0 when the failure is not field-specific.</summary>
    public int FieldPosition { get; }

    /// <summary>The absolute 0-based byte offset of the failure.</summary>
    public long BytePosition { get; }

    /// <summary>Converts the failure to a non-recoverable error <see cref="Diagnostic"/>.</summary>
    /// <returns>The diagnostic.</returns>
    public Diagnostic ToDiagnostic() => new(
        ErrorCode,
        DiagnosticSeverity.Error,
        Description,
        new SourceLocation
        {
            Path = SegmentId is null ? null : FieldPosition == 0 ? SegmentId : string.Create(CultureInfo.InvariantCulture, $"{SegmentId}-{FieldPosition}"),
            SegmentIndex = SegmentIndex,
            SegmentId = SegmentId,
            ElementPosition = FieldPosition == 0 ? null : FieldPosition,
            ByteOffset = BytePosition,
        },
        isRecoverable: false);

    private static string FormatMessage(string description, long segmentIndex, string? segmentId, int fieldPosition, long bytePosition) =>
        segmentId is null
            ? string.Create(CultureInfo.InvariantCulture, $"{description} Segment: {segmentIndex} | Field: {fieldPosition} | Byte: {bytePosition}.")
            : string.Create(CultureInfo.InvariantCulture, $"{description} Segment: {segmentIndex} ({segmentId}) | Field: {fieldPosition} | Byte: {bytePosition}.");
}
