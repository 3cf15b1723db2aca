using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace HealthFinance.X12.Internal;

/// <summary>Builds and throws the reader's exceptions off the hot path.</summary>
[StackTraceHidden]
internal static class ThrowHelper
{
    internal const string NoIsaCode = "X12-0001";
    internal const string IsaTruncatedCode = "X12-0002";
    internal const string InvalidDelimitersCode = "X12-0003";
    internal const string SegmentTooLongCode = "X12-0004";
    internal const string UnterminatedSegmentCode = "X12-0005";

    [DoesNotReturn]
    internal static void ThrowNoIsa(long bytePosition, bool textBeforeIsaAllowed) =>
        throw new X12ReaderException(
            NoIsaCode,
            textBeforeIsaAllowed
                ? "No ISA interchange header was found."
                : "The input does not start with an ISA interchange header.",
            0,
            null,
            0,
            bytePosition);

    [DoesNotReturn]
    internal static void ThrowIsaTruncated(long segmentIndex, int elementPosition, long bytePosition) =>
        throw new X12ReaderException(
            IsaTruncatedCode,
            "The ISA interchange header is truncated: it needs 16 elements, the component separator and the segment terminator.",
            segmentIndex,
            "ISA",
            elementPosition,
            bytePosition);

    [DoesNotReturn]
    internal static void ThrowInvalidDelimiter(long segmentIndex, int elementPosition, long bytePosition, string name, byte value, bool duplicate) =>
        throw new X12ReaderException(
            InvalidDelimitersCode,
            duplicate
                ? string.Create(CultureInfo.InvariantCulture, $"The ISA header's {name} (0x{value:X2}) equals another delimiter.")
                : string.Create(CultureInfo.InvariantCulture, $"The ISA header's {name} (0x{value:X2}) is a letter, digit or space."),
            segmentIndex,
            "ISA",
            elementPosition,
            bytePosition);

    [DoesNotReturn]
    internal static void ThrowSegmentTooLong(long segmentIndex, ReadOnlySpan<byte> segmentStart, byte elementSeparator, long bytePosition, int maxSegmentLength) =>
        throw new X12ReaderException(
            SegmentTooLongCode,
            string.Create(CultureInfo.InvariantCulture, $"The segment is longer than the maximum of {maxSegmentLength} bytes."),
            segmentIndex,
            SegmentIdOrNull(segmentStart, elementSeparator),
            0,
            bytePosition);

    [DoesNotReturn]
    internal static void ThrowUnterminatedSegment(long segmentIndex, ReadOnlySpan<byte> segmentStart, byte elementSeparator, long bytePosition) =>
        throw new X12ReaderException(
            UnterminatedSegmentCode,
            "The input ends inside a segment: its last bytes have no segment terminator.",
            segmentIndex,
            SegmentIdOrNull(segmentStart, elementSeparator),
            0,
            bytePosition);

    [DoesNotReturn]
    internal static void ThrowFormat(int position, string typeName) =>
        throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Element {position} is not a valid X12 {typeName}."));

    [DoesNotReturn]
    internal static void ThrowPositionOutOfRange(string paramName, int value) =>
        throw new ArgumentOutOfRangeException(paramName, value, "Positions are 1-based.");

    [DoesNotReturn]
    internal static void ThrowContainsDelimiter(string paramName, byte delimiter) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"The value contains the delimiter 0x{delimiter:X2}; X12 has no escape mechanism."),
            paramName);

    [DoesNotReturn]
    internal static void ThrowDestinationTooShort(string paramName, int required) =>
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The destination must hold at least {required} values."), paramName);

    [DoesNotReturn]
    internal static void ThrowInvalidOperation(string message) => throw new InvalidOperationException(message);

    /// <summary>The segment id when it looks like one (2 or 3 ASCII letters/digits); never raw data (which may be PHI).</summary>
    private static string? SegmentIdOrNull(ReadOnlySpan<byte> segmentStart, byte elementSeparator)
    {
        var end = segmentStart.IndexOf(elementSeparator);
        var id = end < 0 ? segmentStart : segmentStart[..end];
        if (id.Length is < 2 or > 3)
        {
            return null;
        }

        foreach (var b in id)
        {
            if (!char.IsAsciiLetterUpper((char)b) && !char.IsAsciiDigit((char)b))
            {
                return null;
            }
        }

        return Encoding.ASCII.GetString(id);
    }
}
