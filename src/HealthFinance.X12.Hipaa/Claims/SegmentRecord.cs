using System.Globalization;
using System.Text;

namespace HealthFinance.X12.Hipaa.Claims;

/// <summary>
/// One segment of a buffered transaction set, copied out of the reader so that loop and hierarchy rules
/// can look back and forth inside the transaction. Element and component numbers are 1-based.
/// </summary>
internal sealed class SegmentRecord
{
    private readonly string[] _elements;

    private SegmentRecord(string id, string[] elements, byte component, long segmentIndex, long byteOffset, int positionInTransaction)
    {
        Id = id;
        _elements = elements;
        ComponentSeparator = (char)component;
        SegmentIndex = segmentIndex;
        ByteOffset = byteOffset;
        PositionInTransaction = positionInTransaction;
    }

    /// <summary>The segment identifier, e.g. <c>CLM</c>.</summary>
    public string Id { get; }

    /// <summary>The component separator of the interchange the segment came from.</summary>
    public char ComponentSeparator { get; }

    /// <summary>The 0-based index of the segment in the whole input.</summary>
    public long SegmentIndex { get; }

    /// <summary>The 0-based byte offset of the segment in the whole input.</summary>
    public long ByteOffset { get; }

    /// <summary>The 1-based position of the segment in its transaction set (ST = 1).</summary>
    public int PositionInTransaction { get; }

    /// <summary>The number of elements after the identifier.</summary>
    public int ElementCount => _elements.Length;

    /// <summary>Copies the segment the reader is positioned on.</summary>
    /// <param name="reader">A reader positioned on a segment.</param>
    /// <param name="positionInTransaction">The 1-based position in the transaction set.</param>
    /// <returns>The copy.</returns>
    public static SegmentRecord From(ref X12Reader reader, int positionInTransaction)
    {
        var elements = new string[reader.ElementCount];
        for (var i = 0; i < elements.Length; i++)
        {
            elements[i] = Encoding.Latin1.GetString(reader.GetElement(i + 1));
        }

        return new SegmentRecord(
            Encoding.Latin1.GetString(reader.SegmentId),
            elements,
            reader.Delimiters.Component,
            reader.SegmentIndex,
            reader.SegmentByteOffset,
            positionInTransaction);
    }

    /// <summary>Creates a segment from already separated values (used by adapters over other segment sources).</summary>
    /// <param name="id">The segment identifier.</param>
    /// <param name="elements">The elements, element 1 first.</param>
    /// <param name="component">The component separator.</param>
    /// <param name="segmentIndex">The 0-based index in the input.</param>
    /// <param name="byteOffset">The 0-based byte offset in the input.</param>
    /// <param name="positionInTransaction">The 1-based position in the transaction set.</param>
    /// <returns>The segment.</returns>
    public static SegmentRecord Create(string id, string[] elements, char component, long segmentIndex, long byteOffset, int positionInTransaction)
        => new(id, elements, (byte)component, segmentIndex, byteOffset, positionInTransaction);

    /// <summary>Returns whether the segment has identifier <paramref name="id"/>.</summary>
    /// <param name="id">The identifier to compare with.</param>
    /// <returns><see langword="true"/> on a match.</returns>
    public bool Is(string id) => string.Equals(Id, id, StringComparison.Ordinal);

    /// <summary>Returns whether the segment has identifier <paramref name="id"/> and element 1 equals <paramref name="qualifier"/>.</summary>
    /// <param name="id">The identifier.</param>
    /// <param name="qualifier">The first element's value.</param>
    /// <returns><see langword="true"/> on a match.</returns>
    public bool Is(string id, string qualifier) => Is(id) && string.Equals(Element(1), qualifier, StringComparison.Ordinal);

    /// <summary>The element at a 1-based position, trimmed; empty when absent.</summary>
    /// <param name="position">The 1-based element position.</param>
    /// <returns>The element text.</returns>
    public string Element(int position) => position >= 1 && position <= _elements.Length ? _elements[position - 1].Trim() : string.Empty;

    /// <summary>The element, or <see langword="null"/> when empty.</summary>
    /// <param name="position">The 1-based element position.</param>
    /// <returns>The element text or <see langword="null"/>.</returns>
    public string? OptionalElement(int position) => Element(position) is { Length: > 0 } value ? value : null;

    /// <summary>The components of an element; a single empty component when the element is empty.</summary>
    /// <param name="position">The 1-based element position.</param>
    /// <returns>The trimmed components.</returns>
    public string[] Components(int position)
    {
        var parts = Element(position).Split(ComponentSeparator);
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = parts[i].Trim();
        }

        return parts;
    }

    /// <summary>A component of an element; empty when absent.</summary>
    /// <param name="position">The 1-based element position.</param>
    /// <param name="component">The 1-based component position.</param>
    /// <returns>The component text.</returns>
    public string Component(int position, int component)
    {
        var parts = Components(position);
        return component >= 1 && component <= parts.Length ? parts[component - 1] : string.Empty;
    }

    /// <summary>Parses an element as an X12 decimal (R type).</summary>
    /// <param name="position">The 1-based element position.</param>
    /// <param name="value">The value when the element is a number.</param>
    /// <returns><see langword="true"/> when the element holds a number.</returns>
    public bool TryDecimal(int position, out decimal value)
        => decimal.TryParse(Element(position), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses a CCYYMMDD date.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The date when valid.</param>
    /// <returns><see langword="true"/> when the text is a valid date.</returns>
    public static bool TryDate(string text, out DateOnly value)
        => DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
}
