using System.Text;

namespace HealthFinance.X12.Hipaa.Internal;

/// <summary>
/// A view of one buffered segment of a transaction set: its bytes, element boundaries and positions.
/// Element and component positions are 1-based; reading a value allocates nothing except the string getters.
/// </summary>
internal readonly ref struct HipaaSegment
{
    private readonly ReadOnlySpan<byte> _span;
    private readonly ReadOnlySpan<int> _starts;
    private readonly byte _component;
    private readonly byte _repetition;

    internal HipaaSegment(ReadOnlySpan<byte> span, ReadOnlySpan<int> starts, X12Delimiters delimiters, int index, in SegmentEntry entry)
    {
        _span = span;
        _starts = starts;
        _component = delimiters.Component;
        _repetition = delimiters.Repetition;
        Index = index;
        Tag = entry.Tag;
        Loop = entry.Loop;
        SegmentIndex = entry.SegmentIndex;
        ByteOffset = entry.ByteOffset;
    }

    /// <summary>The 0-based index of the segment in its transaction set (ST is 0).</summary>
    public int Index { get; }

    /// <summary>The 1-based position of the segment in its transaction set (ST is 1; 999 IK301).</summary>
    public int PositionInTransaction => Index + 1;

    /// <summary>The packed segment identifier.</summary>
    public uint Tag { get; }

    /// <summary>The index of the loop instance the segment belongs to (see <see cref="HipaaTransaction.GetLoop"/>).</summary>
    public int Loop { get; }

    /// <summary>The 0-based index of the segment in the whole input.</summary>
    public long SegmentIndex { get; }

    /// <summary>The 0-based byte offset of the segment in the whole input.</summary>
    public long ByteOffset { get; }

    /// <summary>The segment identifier bytes.</summary>
    public ReadOnlySpan<byte> Id => _starts.Length == 0 ? _span : _span[..(_starts[0] - 1)];

    /// <summary>The number of elements after the identifier.</summary>
    public int ElementCount => _starts.Length;

    /// <summary>Returns an element (1-based), or an empty span when absent.</summary>
    /// <param name="position">The 1-based element position.</param>
    /// <returns>The element bytes, repetitions and components included.</returns>
    public ReadOnlySpan<byte> GetElement(int position)
    {
        if (position < 1 || position > _starts.Length)
        {
            return default;
        }

        var start = _starts[position - 1];
        var end = position < _starts.Length ? _starts[position] - 1 : _span.Length;
        return _span[start..end];
    }

    /// <summary>Whether an element is present and not empty.</summary>
    /// <param name="position">The 1-based element position.</param>
    /// <returns><see langword="true"/> when the element has a value.</returns>
    public bool HasElement(int position) => !GetElement(position).IsEmpty;

    /// <summary>The component separator of the interchange.</summary>
    public byte ComponentSeparator => _component;

    /// <summary>Returns the first repetition of an element (the whole element when it does not repeat); empty when absent.</summary>
    /// <param name="position">The 1-based element position.</param>
    /// <returns>The bytes of the first repetition, components included.</returns>
    public ReadOnlySpan<byte> GetFirstRepetition(int position)
    {
        var element = GetElement(position);
        if (_repetition != 0)
        {
            var rep = element.IndexOf(_repetition);
            if (rep >= 0)
            {
                element = element[..rep];
            }
        }

        return element;
    }

    /// <summary>Returns a component (both 1-based) of the first repetition of an element; empty when absent.</summary>
    /// <param name="elementPosition">The 1-based element position.</param>
    /// <param name="componentPosition">The 1-based component position.</param>
    /// <returns>The component bytes.</returns>
    public ReadOnlySpan<byte> GetComponent(int elementPosition, int componentPosition)
    {
        var element = GetFirstRepetition(elementPosition);
        for (var i = 1; i < componentPosition; i++)
        {
            var next = element.IndexOf(_component);
            if (next < 0)
            {
                return default;
            }

            element = element[(next + 1)..];
        }

        var end = element.IndexOf(_component);
        return end < 0 ? element : element[..end];
    }

    /// <summary>Whether an element equals an ASCII value.</summary>
    /// <param name="position">The 1-based element position.</param>
    /// <param name="value">The value, e.g. <c>"PR"u8</c>.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool ElementEquals(int position, ReadOnlySpan<byte> value) => GetElement(position).SequenceEqual(value);

    /// <summary>Parses an element as an X12 decimal (R/N type): optional minus, digits, optional point; no exponent.</summary>
    /// <param name="position">The 1-based element position.</param>
    /// <param name="value">The value, or 0.</param>
    /// <returns><see langword="true"/> when the element is present and a valid number.</returns>
    public bool TryGetDecimal(int position, out decimal value) => X12Decimal.TryParse(GetElement(position), out value);

    /// <summary>Parses an element as a date, <c>CCYYMMDD</c> (or <c>YYMMDD</c>: 00–49 are 20xx, 50–99 are 19xx).</summary>
    /// <param name="position">The 1-based element position.</param>
    /// <param name="value">The date, or <c>default</c>.</param>
    /// <returns><see langword="true"/> when the element is a valid date.</returns>
    public bool TryGetDate(int position, out DateOnly value) => TryParseDate(GetElement(position), out value);

    /// <summary>Returns an element as a string, or <see langword="null"/> when it is absent or empty.</summary>
    /// <param name="position">The 1-based element position.</param>
    /// <returns>The text (UTF-8 decoded).</returns>
    public string? GetString(int position) => ToText(GetElement(position));

    /// <summary>Returns a component as a string, or <see langword="null"/> when it is absent or empty.</summary>
    /// <param name="elementPosition">The 1-based element position.</param>
    /// <param name="componentPosition">The 1-based component position.</param>
    /// <returns>The text (UTF-8 decoded).</returns>
    public string? GetString(int elementPosition, int componentPosition) => ToText(GetComponent(elementPosition, componentPosition));

    /// <summary>Decodes bytes as text, trimming spaces; <see langword="null"/> when nothing is left.</summary>
    /// <param name="value">The bytes.</param>
    /// <returns>The text.</returns>
    public static string? ToText(ReadOnlySpan<byte> value)
    {
        value = value.Trim((byte)' ');
        return value.IsEmpty ? null : Encoding.UTF8.GetString(value);
    }


    /// <summary>Parses a date, <c>CCYYMMDD</c> or <c>YYMMDD</c>.</summary>
    /// <param name="span">The bytes.</param>
    /// <param name="value">The date, or <c>default</c>.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryParseDate(ReadOnlySpan<byte> span, out DateOnly value)
    {
        value = default;
        if (span.Length is not (6 or 8))
        {
            return false;
        }

        foreach (var b in span)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        int year, i;
        if (span.Length == 8)
        {
            year = Two(span, 0) * 100 + Two(span, 2);
            i = 4;
        }
        else
        {
            var yy = Two(span, 0);
            year = yy < 50 ? 2000 + yy : 1900 + yy;
            i = 2;
        }

        var month = Two(span, i);
        var day = Two(span, i + 2);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        value = new DateOnly(year, month, day);
        return true;
    }

    private static int Two(ReadOnlySpan<byte> span, int index) => (span[index] - '0') * 10 + (span[index + 1] - '0');
}
