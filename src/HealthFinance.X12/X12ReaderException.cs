using System.Globalization;
using HealthFinance.Canonical.Diagnostics;

namespace HealthFinance.X12;

/// <summary>
/// The input is structurally unreadable: an <see cref="X12Reader"/> cannot continue. Everything that can still be
/// tokenized is left to the validator.
/// </summary>
/// <remarks>
/// <para>The message ends with the location, <c>JsonException</c> style: <c> Segment: 14 (CLP) | Element: 4 | Byte: 311.</c></para>
/// <para>Permanent error codes:</para>
/// <list type="table">
///   <listheader><term>Code</term><description>Meaning</description></listheader>
///   <item><term>X12-0001</term><description>No ISA interchange header was found (also empty input, and text before the ISA when
///   <see cref="X12ReaderOptions.AllowTextBeforeIsa"/> is off). Byte: where the ISA was expected.</description></item>
///   <item><term>X12-0002</term><description>The ISA header is truncated: the input ends (or <see cref="X12ReaderOptions.MaxSegmentLength"/>
///   is reached) before its 16 elements, the component separator and the segment terminator. Element: the element that is cut.
///   Byte: the start of the ISA.</description></item>
///   <item><term>X12-0003</term><description>The ISA header defines invalid delimiters: the element separator, component separator
///   (ISA16) or segment terminator is a letter, digit or space, or two of them are equal. Element: 0 for the element separator,
///   16 for the component separator, 17 for the segment terminator (the byte after ISA16). Byte: the offending byte.
///   (An invalid repetition separator in ISA11 is not an error: it means "none".)</description></item>
///   <item><term>X12-0004</term><description>A segment exceeds <see cref="X12ReaderOptions.MaxSegmentLength"/> bytes without a
///   terminator. Byte: the start of the segment.</description></item>
///   <item><term>X12-0005</term><description>The final block ends inside a segment: its last bytes have no terminator (except
///   when the terminator is CR or LF, where the end of input also ends the last line). Byte: the start of the segment.</description></item>
/// </list>
/// </remarks>
public sealed class X12ReaderException : Exception
{
    /// <summary>Creates an exception with code X12-0000 (unspecified) and no location.</summary>
    public X12ReaderException()
        : this("The X12 input is unreadable.")
    {
    }

    /// <summary>Creates an exception with code X12-0000 (unspecified) and no location.</summary>
    /// <param name="message">The message.</param>
    public X12ReaderException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates an exception with code X12-0000 (unspecified) and no location.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public X12ReaderException(string message, Exception? innerException)
        : base(message, innerException)
    {
        ErrorCode = "X12-0000";
        Description = message;
    }

    /// <summary>Creates an exception for a structural failure at a known location.</summary>
    /// <param name="errorCode">The permanent code, e.g. <c>X12-0001</c>.</param>
    /// <param name="description">The description, without the location.</param>
    /// <param name="segmentIndex">The 0-based index of the segment.</param>
    /// <param name="segmentId">The segment identifier, when known.</param>
    /// <param name="elementPosition">The 1-based element position, or 0.</param>
    /// <param name="bytePosition">The absolute 0-based byte offset.</param>
    public X12ReaderException(string errorCode, string description, long segmentIndex, string? segmentId, int elementPosition, long bytePosition)
        : base(FormatMessage(description, segmentIndex, segmentId, elementPosition, bytePosition))
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        ArgumentNullException.ThrowIfNull(description);
        ErrorCode = errorCode;
        Description = description;
        SegmentIndex = segmentIndex;
        SegmentId = segmentId;
        ElementPosition = elementPosition;
        BytePosition = bytePosition;
    }

    /// <summary>The permanent error code, e.g. <c>X12-0001</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The description of the failure, without the location suffix.</summary>
    public string Description { get; }

    /// <summary>The 0-based index (across the whole input) of the segment where reading failed.</summary>
    public long SegmentIndex { get; }

    /// <summary>The identifier of that segment (e.g. <c>CLP</c>) when it could be read; otherwise <see langword="null"/>.</summary>
    public string? SegmentId { get; }

    /// <summary>The 1-based element position, or 0 when the failure is not element-specific.</summary>
    public int ElementPosition { get; }

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
            SegmentIndex = SegmentIndex,
            SegmentId = SegmentId,
            ElementPosition = ElementPosition == 0 ? null : ElementPosition,
            ByteOffset = BytePosition,
        },
        isRecoverable: false);

    private static string FormatMessage(string description, long segmentIndex, string? segmentId, int elementPosition, long bytePosition) =>
        segmentId is null
            ? string.Create(CultureInfo.InvariantCulture, $"{description} Segment: {segmentIndex} | Element: {elementPosition} | Byte: {bytePosition}.")
            : string.Create(CultureInfo.InvariantCulture, $"{description} Segment: {segmentIndex} ({segmentId}) | Element: {elementPosition} | Byte: {bytePosition}.");
}
