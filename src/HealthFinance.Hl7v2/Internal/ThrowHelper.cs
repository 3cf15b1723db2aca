using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace HealthFinance.Hl7v2.Internal;

/// <summary>Builds and throws the package's exceptions off the hot path.</summary>
[StackTraceHidden]
internal static class ThrowHelper
{
    [DoesNotReturn]
    internal static void ThrowNoHeader(long segmentIndex, long bytePosition) =>
        throw new Hl7v2ReaderException(
            Hl7v2DiagnosticCodes.NoHeader,
            "The input does not start with an MSH, FHS or BHS header segment.",
            segmentIndex,
            null,
            0,
            bytePosition);

    [DoesNotReturn]
    internal static void ThrowHeaderTruncated(long segmentIndex, ReadOnlySpan<byte> id, long bytePosition) =>
        throw new Hl7v2ReaderException(
            Hl7v2DiagnosticCodes.HeaderTruncated,
            "The header segment ends before its encoding characters (MSH-2).",
            segmentIndex,
            Encoding.ASCII.GetString(id),
            2,
            bytePosition);

    [DoesNotReturn]
    internal static void ThrowInvalidEncodingCharacter(long segmentIndex, ReadOnlySpan<byte> id, int fieldPosition, long bytePosition, byte value, string reason) =>
        throw new Hl7v2ReaderException(
            Hl7v2DiagnosticCodes.InvalidEncodingCharacters,
            string.Create(CultureInfo.InvariantCulture, $"The delimiter 0x{value:X2} {reason}."),
            segmentIndex,
            Encoding.ASCII.GetString(id),
            fieldPosition,
            bytePosition);

    [DoesNotReturn]
    internal static void ThrowSegmentTooLong(long segmentIndex, ReadOnlySpan<byte> segmentStart, byte fieldSeparator, long bytePosition, int max) =>
        throw new Hl7v2ReaderException(
            Hl7v2DiagnosticCodes.SegmentTooLong,
            string.Create(CultureInfo.InvariantCulture, $"The segment is longer than the maximum of {max} bytes."),
            segmentIndex,
            SegmentIdOrNull(segmentStart, fieldSeparator),
            0,
            bytePosition);

    [DoesNotReturn]
    internal static void ThrowInvalidSegmentId(long segmentIndex, long bytePosition) =>
        throw new Hl7v2ReaderException(
            Hl7v2DiagnosticCodes.InvalidSegmentId,
            "The segment identifier is not three upper-case letters or digits followed by the field separator.",
            segmentIndex,
            null,
            0,
            bytePosition);

    [DoesNotReturn]
    internal static void ThrowInvalidAmount(long segmentIndex, int fieldPosition, long bytePosition) =>
        throw new Hl7v2ReaderException(
            Hl7v2DiagnosticCodes.InvalidDataType,
            "The FT1 amount or quantity is not a number.",
            segmentIndex,
            "FT1",
            fieldPosition,
            bytePosition);

    [DoesNotReturn]
    internal static void ThrowPositionOutOfRange(string paramName, int value) =>
        throw new ArgumentOutOfRangeException(paramName, value, "Positions are 1-based.");

    [DoesNotReturn]
    internal static void ThrowDestinationTooSmall(string paramName) =>
        throw new ArgumentException("The destination is too small.", paramName);

    [DoesNotReturn]
    internal static void ThrowInvalidOperation(string message) => throw new InvalidOperationException(message);

    /// <summary>The segment id when it looks like one (3 ASCII upper-case letters/digits); never raw data (which may be PHI).</summary>
    internal static string? SegmentIdOrNull(ReadOnlySpan<byte> segmentStart, byte fieldSeparator)
    {
        var end = fieldSeparator == 0 ? -1 : segmentStart.IndexOf(fieldSeparator);
        var id = end < 0 ? segmentStart[..Math.Min(segmentStart.Length, 4)] : segmentStart[..end];
        return IsSegmentId(id) ? Encoding.ASCII.GetString(id) : null;
    }

    internal static bool IsSegmentId(ReadOnlySpan<byte> id)
    {
        if (id.Length != 3)
        {
            return false;
        }

        foreach (var b in id)
        {
            if (!char.IsAsciiLetterUpper((char)b) && !char.IsAsciiDigit((char)b))
            {
                return false;
            }
        }

        return true;
    }
}
