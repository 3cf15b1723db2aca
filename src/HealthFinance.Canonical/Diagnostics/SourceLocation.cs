using System.Globalization;
using System.Text;

namespace HealthFinance.Canonical.Diagnostics;

/// <summary>
/// Where a finding was made in its source: a readable path plus the numeric positions that a
/// machine can use to point at the exact bytes.
/// </summary>
/// <remarks>
/// Naming follows the suite's glossary: an <c>...Index</c> is 0-based, a <c>...Position</c> or
/// <c>...Number</c> is 1-based. X12 999 IK3/IK4 positions are 1-based, so element and component
/// positions here are 1-based too; <see cref="SegmentIndex"/> is 0-based from the start of the input.
/// </remarks>
public sealed record SourceLocation
{
    /// <summary>An unknown location.</summary>
    public static SourceLocation None { get; } = new();

    /// <summary>A readable path, e.g. <c>ST*0001/CLM[3]/CLM05-1</c>, <c>PID-5.1</c> or <c>Claim.item[0].net</c>.</summary>
    public string? Path { get; init; }

    /// <summary>The 0-based index of the segment in the whole input, or <see langword="null"/> when not known.</summary>
    public long? SegmentIndex { get; init; }

    /// <summary>The segment identifier (e.g. <c>CLP</c>), when known.</summary>
    public string? SegmentId { get; init; }

    /// <summary>The 1-based position of the segment within its transaction set (999 IK301), when known.</summary>
    public int? SegmentPositionInTransaction { get; init; }

    /// <summary>The 1-based element (or field) position within the segment, when known.</summary>
    public int? ElementPosition { get; init; }

    /// <summary>The 1-based component position within the element, when known.</summary>
    public int? ComponentPosition { get; init; }

    /// <summary>The 1-based repetition number within the element, when known.</summary>
    public int? RepetitionPosition { get; init; }

    /// <summary>The 0-based byte offset in the input, when known.</summary>
    public long? ByteOffset { get; init; }

    /// <summary>The 1-based line number in the input, when known.</summary>
    public int? LineNumber { get; init; }

    /// <summary>Formats the location as <c>Segment: 14 (CLP) | Element: 4 | Byte: 311</c>, omitting unknown parts.</summary>
    /// <returns>A human-readable description of the location.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        void Part(string text)
        {
            if (sb.Length > 0)
            {
                sb.Append(" | ");
            }

            sb.Append(text);
        }

        if (Path is not null)
        {
            Part(Path);
        }

        if (SegmentIndex is { } seg)
        {
            Part(SegmentId is null
                ? string.Create(CultureInfo.InvariantCulture, $"Segment: {seg}")
                : string.Create(CultureInfo.InvariantCulture, $"Segment: {seg} ({SegmentId})"));
        }

        if (ElementPosition is { } el)
        {
            Part(ComponentPosition is { } comp
                ? string.Create(CultureInfo.InvariantCulture, $"Element: {el}-{comp}")
                : string.Create(CultureInfo.InvariantCulture, $"Element: {el}"));
        }

        if (LineNumber is { } line)
        {
            Part(string.Create(CultureInfo.InvariantCulture, $"Line: {line}"));
        }

        if (ByteOffset is { } b)
        {
            Part(string.Create(CultureInfo.InvariantCulture, $"Byte: {b}"));
        }

        return sb.ToString();
    }
}
