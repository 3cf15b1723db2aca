using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HealthFinance.X12.Internal;

namespace HealthFinance.X12;

/// <summary>
/// A forward-only, allocation-free reader of X12 segments over UTF-8/ASCII bytes (like <c>Utf8JsonReader</c>).
/// Delimiters come from each ISA header; several interchanges may follow each other.
/// </summary>
/// <remarks>
/// Segment ends are found with a vectorised scan (256- or 128-bit compares of the element separator and
/// the segment terminator into bit masks); the element separator offsets of the current segment are recorded,
/// so element access does not rescan. For chunked input use <see cref="X12Reader(ReadOnlySpan{byte}, bool, X12ReaderState)"/>.
/// </remarks>
public ref struct X12Reader
{
    private const int IsaLength = 106;
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private readonly ReadOnlySpan<byte> _data;
    private readonly bool _isFinalBlock;
    private readonly X12ReaderOptions _options;
    private readonly long _baseOffset;
    private readonly int _maxSegmentLength;
    private readonly bool _skipLineBreaks;

    private int _position;
    private int _segmentStart;
    private int _segmentLength;
    private int _elementCount;
    private int _storedOffsets;
    private int _directElements;
    private long _segmentCount;
    private long _skippedBytesBeforeIsa;
    private bool _hasDelimiters;
    private bool _bomSkipped;
    private X12Delimiters _delimiters;
    private byte _elementSeparator;
    private byte _terminator;
    private ElementOffsetBuffer _offsets;

    /// <summary>Creates a reader over the whole input (it is the final block).</summary>
    /// <param name="data">The X12 bytes.</param>
    /// <param name="options">The reader options.</param>
    public X12Reader(ReadOnlySpan<byte> data, X12ReaderOptions options = default)
        : this(data, isFinalBlock: true, new X12ReaderState(options))
    {
    }

    /// <summary>Creates a reader over one chunk of the input.</summary>
    /// <param name="data">The bytes not consumed by the previous reader followed by the new bytes.</param>
    /// <param name="isFinalBlock"><see langword="true"/> when no more input follows <paramref name="data"/>.</param>
    /// <param name="state">The <see cref="CurrentState"/> of the previous reader, or a new state at the start.</param>
    public X12Reader(ReadOnlySpan<byte> data, bool isFinalBlock, X12ReaderState state)
    {
        _data = data;
        _isFinalBlock = isFinalBlock;
        _options = state.Options;
        _maxSegmentLength = _options.MaxSegmentLength;
        _skipLineBreaks = _options.SkipLineBreaksAfterTerminator;
        _baseOffset = state.AbsoluteOffset;
        _segmentCount = state.SegmentCount;
        _skippedBytesBeforeIsa = state.SkippedBytesBeforeIsa;
        _hasDelimiters = state.HasDelimiters;
        _bomSkipped = state.BomSkipped;
        _delimiters = state.Delimiters;
        _elementSeparator = _delimiters.Element;
        _terminator = _delimiters.Segment;
        _position = 0;
        _segmentStart = 0;
        _segmentLength = 0;
        _elementCount = 0;
        _storedOffsets = 0;
        _directElements = 0;
        _offsets = default;
    }

    /// <summary>The current segment without its terminator (and without skipped line breaks).</summary>
    public readonly ReadOnlySpan<byte> SegmentSpan => _data.Slice(_segmentStart, _segmentLength);

    /// <summary>The bytes before the first element separator (e.g. <c>CLP</c>); the whole segment when it has no elements.</summary>
    public readonly ReadOnlySpan<byte> SegmentId =>
        _data.Slice(_segmentStart, _elementCount == 0 ? _segmentLength : _offsets[0]);

    /// <summary>The number of elements after the segment id (<c>CLP*a*b</c> has 2).</summary>
    public readonly int ElementCount => _elementCount;

    /// <summary>
    /// The offsets, relative to the segment start, of the first <c>min(ElementCount, 64)</c> element separators: element
    /// <c>p</c> starts at <c>offsets[p - 1] + 1</c> and ends at <c>offsets[p]</c> (or at the segment end for the last element).
    /// </summary>
    internal readonly ReadOnlySpan<int> ElementOffsets =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<ElementOffsetBuffer, int>(ref Unsafe.AsRef(in _offsets)), _storedOffsets);

    /// <summary>
    /// Moves the next <see cref="Read"/> to <paramref name="absoluteOffset"/> (a segment start within this reader's data),
    /// counting <paramref name="skippedSegments"/> segments as read in between.
    /// </summary>
    /// <param name="absoluteOffset">The absolute offset of the next segment.</param>
    /// <param name="skippedSegments">How many segments lie between the current segment and that one.</param>
    internal void SkipTo(long absoluteOffset, long skippedSegments)
    {
        _position = (int)(absoluteOffset - _baseOffset);
        _segmentCount += skippedSegments;
    }

    /// <summary>This reader's data from the current segment's first byte to its end (the segment, its terminator and what follows).</summary>
    internal readonly ReadOnlySpan<byte> DataFromSegment => _data[_segmentStart..];

    /// <summary>The delimiters of the current interchange (<c>default</c> before the first ISA).</summary>
    public readonly X12Delimiters Delimiters => _delimiters;

    /// <summary>The 0-based index of the current segment across the whole input; -1 before the first segment.</summary>
    public readonly long SegmentIndex => _segmentCount - 1;

    /// <summary>The absolute 0-based offset of the current segment's first byte.</summary>
    public readonly long SegmentByteOffset => _baseOffset + _segmentStart;

    /// <summary>The number of bytes of this reader's data consumed so far (the caller keeps <c>data[BytesConsumed..]</c>).</summary>
    public readonly long BytesConsumed => _position;

    /// <summary>The number of bytes skipped before the first ISA (0 normally; a UTF-8 byte order mark is not counted).</summary>
    public readonly long SkippedBytesBeforeIsa => _skippedBytesBeforeIsa;

    /// <summary>The state to pass to the next reader when the input continues in another chunk.</summary>
    public readonly X12ReaderState CurrentState => new(_options)
    {
        Delimiters = _delimiters,
        HasDelimiters = _hasDelimiters,
        BomSkipped = _bomSkipped,
        SegmentCount = _segmentCount,
        AbsoluteOffset = _baseOffset + _position,
        SkippedBytesBeforeIsa = _skippedBytesBeforeIsa,
    };

    /// <summary>
    /// Advances to the next segment. Returns <see langword="false"/> at the end of the input or, for a non-final block,
    /// when the remaining bytes hold no complete segment (keep <c>data[BytesConsumed..]</c>, append more input and
    /// create a new reader with <see cref="CurrentState"/>). Each ISA re-reads the delimiters.
    /// </summary>
    /// <returns><see langword="true"/> when positioned on a segment.</returns>
    /// <exception cref="X12ReaderException">The input is structurally unreadable (see the codes on <see cref="X12ReaderException"/>).</exception>
    public bool Read()
    {
        var data = _data;
        var pos = _position;
        if (!_hasDelimiters)
        {
            if (!TryReadPreamble(ref pos))
            {
                _position = pos;
                return false;
            }

            _position = pos;
            return ReadIsa(pos);
        }

        if (_skipLineBreaks)
        {
            while ((uint)pos < (uint)data.Length && data[pos] <= (byte)' ' && IsLineBreakOrIndent(data[pos]))
            {
                pos++;
            }

            _position = pos;
        }

        if ((uint)pos >= (uint)data.Length)
        {
            return false;
        }

        if (data.Length - pos >= 4
            && data[pos] == (byte)'I' && data[pos + 1] == (byte)'S' && data[pos + 2] == (byte)'A'
            && data[pos + 3] != _terminator && IsIsaSeparator(data[pos + 3]))
        {
            return ReadIsa(pos);
        }

        var end = ScanSegment(data, pos);
        if (end < 0)
        {
            return ReadIncompleteSegment(pos);
        }

        var length = end - pos;
        if (length > _maxSegmentLength)
        {
            ThrowHelper.ThrowSegmentTooLong(_segmentCount, data[pos..], _elementSeparator, _baseOffset + pos, _maxSegmentLength);
        }

        if (_terminator == (byte)'\n' && length > 0 && data[end - 1] == (byte)'\r' && _skipLineBreaks && _elementSeparator != (byte)'\r')
        {
            length--;
        }

        _segmentStart = pos;
        SetSegmentLength(length);
        _position = end + 1;
        _segmentCount++;
        return true;
    }

    /// <summary>Returns the element at a 1-based position, or an empty span when <paramref name="position"/> &gt; <see cref="ElementCount"/>.</summary>
    /// <param name="position">The 1-based element position.</param>
    /// <returns>The element's bytes (components and repetitions included).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is less than 1.</exception>
    public readonly ReadOnlySpan<byte> GetElement(int position)
    {
        if ((uint)(position - 1) < (uint)_directElements)
        {
            // Element p runs from offsets[p - 1] + 1 to offsets[p]; the slot after the last separator holds the segment length.
            ref var offsets = ref Unsafe.As<ElementOffsetBuffer, int>(ref Unsafe.AsRef(in _offsets));
            var start = Unsafe.Add(ref offsets, position - 1) + 1;
            var end = Unsafe.Add(ref offsets, position);
            return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetReference(_data), _segmentStart + start), end - start);
        }

        return GetElementBeyondRecordedOffsets(position);
    }

    /// <summary>
    /// Sets the current segment's length and stores it after the last recorded separator, so that every element whose
    /// end is known (all of them when the segment has at most 64) is two loads away in <see cref="GetElement"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetSegmentLength(int length)
    {
        _segmentLength = length;
        var count = _elementCount;
        if (count <= ElementOffsetBuffer.Capacity)
        {
            Unsafe.Add(ref Unsafe.As<ElementOffsetBuffer, int>(ref _offsets), count) = length;
            _directElements = count;
        }
        else
        {
            _directElements = ElementOffsetBuffer.Capacity - 1;
        }
    }

    private readonly ReadOnlySpan<byte> GetElementBeyondRecordedOffsets(int position)
    {
        if (position < 1)
        {
            ThrowHelper.ThrowPositionOutOfRange(nameof(position), position);
        }

        if (position > _elementCount)
        {
            return default;
        }

        var (start, length) = ElementRange(position);
        return _data.Slice(_segmentStart + start, length);
    }

    /// <summary>Gets the element at a 1-based position.</summary>
    /// <param name="position">The 1-based element position.</param>
    /// <param name="value">The element's bytes; empty when absent.</param>
    /// <returns><see langword="true"/> when the element exists and is not empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is less than 1.</exception>
    public readonly bool TryGetElement(int position, out ReadOnlySpan<byte> value)
    {
        value = GetElement(position);
        return !value.IsEmpty;
    }

    /// <summary>Returns the absolute 0-based byte offset of an element's first byte.</summary>
    /// <param name="position">The 1-based element position, at most <see cref="ElementCount"/>.</param>
    /// <returns>The offset.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is less than 1 or greater than <see cref="ElementCount"/>.</exception>
    public readonly long GetElementByteOffset(int position)
    {
        if (position < 1 || position > _elementCount)
        {
            ThrowHelper.ThrowPositionOutOfRange(nameof(position), position);
        }

        return SegmentByteOffset + ElementRange(position).Start;
    }

    /// <summary>
    /// Writes where each element of the current segment starts, relative to the first byte of <see cref="SegmentSpan"/>:
    /// <c>destination[p - 1]</c> for element <c>p</c>, for every <c>p</c> up to <see cref="ElementCount"/>. Element <c>p</c>
    /// ends one byte before element <c>p + 1</c> starts (the last one at the segment end). A caller that buffers segments
    /// keeps their element boundaries with this one call instead of one <see cref="GetElementByteOffset"/> per element.
    /// </summary>
    /// <param name="destination">Receives the offsets; at least <see cref="ElementCount"/> long.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="ElementCount"/>.</exception>
    public readonly void CopyElementStarts(Span<int> destination)
    {
        var count = _elementCount;
        if (destination.Length < count)
        {
            ThrowHelper.ThrowDestinationTooShort(nameof(destination), count);
        }

        // The recorded separator offsets give every start up to the last recorded one; later ones (segments of more
        // than 64 elements) are found by scanning on from there.
        var recorded = Math.Min(count, _storedOffsets);
        ref var offsets = ref Unsafe.As<ElementOffsetBuffer, int>(ref Unsafe.AsRef(in _offsets));
        for (var i = 0; i < recorded; i++)
        {
            destination[i] = Unsafe.Add(ref offsets, i) + 1;
        }

        for (var p = recorded + 1; p <= count; p++)
        {
            destination[p - 1] = NextSeparator(destination[p - 2]) + 1;
        }
    }

    /// <summary>Returns a component of an element (both 1-based); empty when absent. Component 1 of a simple element is the element.</summary>
    /// <param name="elementPosition">The 1-based element position.</param>
    /// <param name="componentPosition">The 1-based component position.</param>
    /// <returns>The component's bytes (of the first repetition).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A position is less than 1.</exception>
    public readonly ReadOnlySpan<byte> GetComponent(int elementPosition, int componentPosition)
    {
        if (componentPosition < 1)
        {
            ThrowHelper.ThrowPositionOutOfRange(nameof(componentPosition), componentPosition);
        }

        var element = GetElement(elementPosition);
        if (_delimiters.Repetition != 0)
        {
            var rep = element.IndexOf(_delimiters.Repetition);
            if (rep >= 0)
            {
                element = element[..rep];
            }
        }

        var component = _delimiters.Component;
        for (var i = 1; i < componentPosition; i++)
        {
            var next = element.IndexOf(component);
            if (next < 0)
            {
                return default;
            }

            element = element[(next + 1)..];
        }

        var end = element.IndexOf(component);
        return end < 0 ? element : element[..end];
    }

    /// <summary>Parses an element as an X12 decimal (type R/N), invariant culture: an optional minus, digits with an
    /// optional point, and (type R) an optional exponent; see <see cref="X12Decimal.TryParseWithExponent"/>.</summary>
    /// <param name="position">The 1-based element position.</param>
    /// <param name="value">The value, or 0.</param>
    /// <returns><see langword="true"/> when the element is present and a valid number.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is less than 1.</exception>
    public readonly bool TryGetDecimal(int position, out decimal value)
    {
        return X12Decimal.TryParseWithExponent(GetElement(position), out value);
    }

    /// <summary>Parses an element as an X12 decimal (type R/N), invariant culture.</summary>
    /// <param name="position">The 1-based element position.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The element is absent, empty or not a number.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is less than 1.</exception>
    public readonly decimal GetDecimal(int position)
    {
        if (!TryGetDecimal(position, out var value))
        {
            ThrowHelper.ThrowFormat(position, "decimal");
        }

        return value;
    }

    /// <summary>Parses an element as a 32-bit integer.</summary>
    /// <param name="position">The 1-based element position.</param>
    /// <param name="value">The value, or 0.</param>
    /// <returns><see langword="true"/> when the element is present and a valid integer.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is less than 1.</exception>
    public readonly bool TryGetInt32(int position, out int value)
    {
        var span = GetElement(position);
        if (!span.IsEmpty && span[0] != (byte)'+' && Utf8Parser.TryParse(span, out value, out var consumed) && consumed == span.Length)
        {
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Parses an element as a 64-bit integer.</summary>
    /// <param name="position">The 1-based element position.</param>
    /// <param name="value">The value, or 0.</param>
    /// <returns><see langword="true"/> when the element is present and a valid integer.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is less than 1.</exception>
    public readonly bool TryGetInt64(int position, out long value)
    {
        var span = GetElement(position);
        if (!span.IsEmpty && span[0] != (byte)'+' && Utf8Parser.TryParse(span, out value, out var consumed) && consumed == span.Length)
        {
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>
    /// Parses an element as a date: <c>CCYYMMDD</c>, or <c>YYMMDD</c> (years 00–49 are 20xx, 50–99 are 19xx, as in ISA09).
    /// </summary>
    /// <param name="position">The 1-based element position.</param>
    /// <param name="value">The date, or <c>default</c>.</param>
    /// <returns><see langword="true"/> when the element is a valid date.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is less than 1.</exception>
    public readonly bool TryGetDate(int position, out DateOnly value)
    {
        value = default;
        var span = GetElement(position);
        if (span.Length is not (6 or 8))
        {
            return false;
        }

        foreach (var b in span)
        {
            if (!char.IsAsciiDigit((char)b))
            {
                return false;
            }
        }

        int year, i;
        if (span.Length == 8)
        {
            year = TwoDigits(span, 0) * 100 + TwoDigits(span, 2);
            i = 4;
        }
        else
        {
            var yy = TwoDigits(span, 0);
            year = yy < 50 ? 2000 + yy : 1900 + yy;
            i = 2;
        }

        var month = TwoDigits(span, i);
        var day = TwoDigits(span, i + 2);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        value = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>Compares the segment id with <paramref name="id"/> (e.g. <c>"CLP"u8</c>).</summary>
    /// <param name="id">The identifier.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public readonly bool SegmentIdEquals(ReadOnlySpan<byte> id) => SegmentId.SequenceEqual(id);

    /// <summary>Enumerates the current segment's elements (without the id).</summary>
    /// <returns>An enumerator of element spans.</returns>
    public readonly X12ElementEnumerator EnumerateElements() =>
        new(_data[_segmentStart..], _segmentLength, _elementSeparator, _elementCount == 0 ? _segmentLength : _offsets[0], _elementCount);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly bool IsLineBreakOrIndent(byte b) =>
        b is (byte)'\n' or (byte)'\r' or (byte)' ' || (b == (byte)'\t' && _elementSeparator != (byte)'\t');

    /// <summary>Whether <paramref name="b"/> can be the element separator right after "ISA" (a delimiter other than CR or LF).</summary>
    private static bool IsIsaSeparator(byte b) => b is not ((byte)'\n' or (byte)'\r') && X12Delimiters.IsValidDelimiter(b);

    private static int TwoDigits(ReadOnlySpan<byte> span, int index) => (span[index] - '0') * 10 + (span[index + 1] - '0');

    /// <summary>Start (relative to the segment) and length of the element at a position in 1..<see cref="ElementCount"/>.</summary>
    private readonly (int Start, int Length) ElementRange(int position)
    {
        int start, end;
        if (position < _storedOffsets)
        {
            start = _offsets[position - 1] + 1;
            end = _offsets[position];
        }
        else if (position == _storedOffsets)
        {
            start = _offsets[position - 1] + 1;
            end = position == _elementCount ? _segmentLength : NextSeparator(start);
        }
        else
        {
            // Beyond the recorded offsets: scan forward from the last recorded one.
            start = _offsets[_storedOffsets - 1] + 1;
            for (var p = _storedOffsets; p < position; p++)
            {
                start = NextSeparator(start) + 1;
            }

            end = position == _elementCount ? _segmentLength : NextSeparator(start);
        }

        return (start, end - start);
    }

    private readonly int NextSeparator(int from)
    {
        var i = _data.Slice(_segmentStart + from, _segmentLength - from).IndexOf(_elementSeparator);
        return i < 0 ? _segmentLength : from + i;
    }

    /// <summary>
    /// Finds the terminator of the segment starting at <paramref name="start"/>, recording element separator offsets.
    /// Scans at most MaxSegmentLength + 1 bytes. Returns the terminator's index, or -1 when not found.
    /// </summary>
    private int ScanSegment(ReadOnlySpan<byte> data, int start)
    {
        var scanEnd = (int)Math.Min(data.Length, (long)start + _maxSegmentLength + 1);
        ref var first = ref MemoryMarshal.GetReference(data);
        ref var offsets = ref Unsafe.As<ElementOffsetBuffer, int>(ref _offsets);
        var count = 0;
        var i = start;
        var elem = _elementSeparator;
        var term = _terminator;

        if (Vector256.IsHardwareAccelerated)
        {
            var ve = Vector256.Create(elem);
            var vt = Vector256.Create(term);
            while (i < scanEnd && i <= data.Length - Vector256<byte>.Count)
            {
                var v = Vector256.LoadUnsafe(ref first, (nuint)i);
                var mt = Vector256.Equals(v, vt).ExtractMostSignificantBits();
                var me = Vector256.Equals(v, ve).ExtractMostSignificantBits();
                if (mt != 0)
                {
                    var t = BitOperations.TrailingZeroCount(mt);
                    me &= (1u << t) - 1;
                    count = AddOffsets(ref offsets, count, me, i - start);
                    return Finish(count, i + t, scanEnd);
                }

                count = AddOffsets(ref offsets, count, me, i - start);
                i += Vector256<byte>.Count;
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var ve = Vector128.Create(elem);
            var vt = Vector128.Create(term);
            while (i < scanEnd && i <= data.Length - Vector128<byte>.Count)
            {
                var v = Vector128.LoadUnsafe(ref first, (nuint)i);
                var mt = Vector128.Equals(v, vt).ExtractMostSignificantBits();
                var me = Vector128.Equals(v, ve).ExtractMostSignificantBits();
                if (mt != 0)
                {
                    var t = BitOperations.TrailingZeroCount(mt);
                    me &= (1u << t) - 1;
                    count = AddOffsets(ref offsets, count, me, i - start);
                    return Finish(count, i + t, scanEnd);
                }

                count = AddOffsets(ref offsets, count, me, i - start);
                i += Vector128<byte>.Count;
            }
        }

        for (; i < scanEnd; i++)
        {
            var b = Unsafe.Add(ref first, i);
            if (b == term)
            {
                return Finish(count, i, scanEnd);
            }

            if (b == elem)
            {
                if (count < ElementOffsetBuffer.Capacity)
                {
                    Unsafe.Add(ref offsets, count) = i - start;
                }

                count++;
            }
        }

        _elementCount = count;
        _storedOffsets = Math.Min(count, ElementOffsetBuffer.Capacity);
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Finish(int count, int end, int scanEnd)
    {
        _elementCount = count;
        _storedOffsets = Math.Min(count, ElementOffsetBuffer.Capacity);
        return end < scanEnd ? end : scanEnd;
    }

    /// <summary>Records the set bits of <paramref name="mask"/> (at most 32) as offsets; the buffer has 32 spare slots.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AddOffsets(ref int offsets, int count, uint mask, int blockOffset)
    {
        if (count < ElementOffsetBuffer.Capacity)
        {
            while (mask != 0)
            {
                Unsafe.Add(ref offsets, count++) = blockOffset + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
            }

            return count;
        }

        return count + BitOperations.PopCount(mask);
    }

    /// <summary>The remaining bytes of this block hold no terminator within MaxSegmentLength + 1 bytes.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ReadIncompleteSegment(int pos)
    {
        var data = _data;
        if (data.Length - pos > _maxSegmentLength)
        {
            ThrowHelper.ThrowSegmentTooLong(_segmentCount, data[pos..], _elementSeparator, _baseOffset + pos, _maxSegmentLength);
        }

        if (!_isFinalBlock)
        {
            _elementCount = 0;
            _storedOffsets = 0;
            _directElements = 0;
            return false;
        }

        var rest = data[pos..];
        if (rest.IndexOfAnyExceptInRange((byte)0, (byte)' ') < 0)
        {
            // Only whitespace or control bytes (line breaks, NUL padding, Ctrl-Z) follow the last segment.
            _position = data.Length;
            _elementCount = 0;
            _storedOffsets = 0;
            _directElements = 0;
            return false;
        }

        if (_terminator is (byte)'\n' or (byte)'\r')
        {
            // Line-terminated input: the end of input ends the last line. Offsets were recorded by the scan.
            var length = rest.Length;
            if (_terminator == (byte)'\n' && rest[^1] == (byte)'\r' && _skipLineBreaks && _elementSeparator != (byte)'\r')
            {
                length--;
            }

            _segmentStart = pos;
            SetSegmentLength(length);
            _position = data.Length;
            _segmentCount++;
            return true;
        }

        ThrowHelper.ThrowUnterminatedSegment(_segmentCount, rest, _elementSeparator, _baseOffset + pos);
        return false;
    }

    /// <summary>Skips a byte order mark and text before the first ISA. Returns false when more input is needed.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryReadPreamble(ref int pos)
    {
        var data = _data;
        if (_baseOffset + pos == 0 && _options.AllowBom)
        {
            var prefix = data[..Math.Min(3, data.Length)];
            if (!_isFinalBlock && prefix.Length < 3 && Utf8Bom.AsSpan().StartsWith(prefix))
            {
                return false;
            }

            if (prefix.SequenceEqual(Utf8Bom))
            {
                pos = 3;
                _bomSkipped = true;
            }
        }

        var expectedAt = _bomSkipped ? 3 : 0;
        if (!_options.AllowTextBeforeIsa)
        {
            if (data.Length - pos < 4)
            {
                if (!_isFinalBlock && "ISA"u8.StartsWith(data[pos..]))
                {
                    return false;
                }

                ThrowHelper.ThrowNoIsa(expectedAt, textBeforeIsaAllowed: false);
            }

            if (!IsIsaStart(data[pos..]))
            {
                ThrowHelper.ThrowNoIsa(expectedAt, textBeforeIsaAllowed: false);
            }

            return true;
        }

        var search = pos;
        while (true)
        {
            var idx = data[search..].IndexOf("ISA"u8);
            if (idx < 0)
            {
                break;
            }

            var at = search + idx;
            if (at + 3 >= data.Length)
            {
                if (_isFinalBlock)
                {
                    break;
                }

                // "ISA" at the very end of the block: wait for its fourth byte.
                _skippedBytesBeforeIsa += at - pos;
                pos = at;
                return false;
            }

            if (IsIsaSeparator(data[at + 3]))
            {
                _skippedBytesBeforeIsa += at - pos;
                pos = at;
                return true;
            }

            search = at + 1;
        }

        if (_isFinalBlock)
        {
            ThrowHelper.ThrowNoIsa(expectedAt, textBeforeIsaAllowed: true);
        }

        // Keep the last two bytes: they may start "ISA".
        var keep = Math.Max(pos, data.Length - 2);
        _skippedBytesBeforeIsa += keep - pos;
        pos = keep;
        return false;
    }

    private static bool IsIsaStart(ReadOnlySpan<byte> s) =>
        s.Length >= 4 && s[0] == (byte)'I' && s[1] == (byte)'S' && s[2] == (byte)'A' && IsIsaSeparator(s[3]);

    /// <summary>Reads the ISA header at <paramref name="pos"/>, taking its delimiters. Returns false when more input is needed.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ReadIsa(int pos)
    {
        var data = _data;
        var isa = data[pos..];
        var e = isa[3];
        int terminatorIndex;
        if (isa.Length >= IsaLength && IsFixedWidthIsa(isa, e))
        {
            terminatorIndex = IsaLength - 1;
        }
        else if (isa.Length < IsaLength && !_isFinalBlock)
        {
            _elementCount = 0;
            _storedOffsets = 0;
            _directElements = 0;
            return false;
        }
        else
        {
            // Not fixed-width (elements not space-padded): the component separator follows the 16th element separator.
            var limit = Math.Min(isa.Length, _maxSegmentLength + 1);
            var separators = 0;
            var i = 3;
            for (; i < limit; i++)
            {
                if (isa[i] == e && ++separators == 16)
                {
                    break;
                }
            }

            if (separators < 16 || i + 2 >= isa.Length)
            {
                if (!_isFinalBlock && isa.Length <= _maxSegmentLength)
                {
                    _elementCount = 0;
                    _storedOffsets = 0;
                    _directElements = 0;
                    return false;
                }

                ThrowHelper.ThrowIsaTruncated(_segmentCount, separators < 16 ? separators + 1 : 16, _baseOffset + pos);
            }

            terminatorIndex = i + 2;
        }

        var component = isa[terminatorIndex - 1];
        var terminator = isa[terminatorIndex];
        var repetition = RepetitionOf(isa, e, terminatorIndex);
        ValidateDelimiters(pos, e, component, terminator, terminatorIndex);
        if (repetition == e || repetition == component || repetition == terminator || !X12Delimiters.IsValidDelimiter(repetition))
        {
            repetition = 0;
        }

        _delimiters = new X12Delimiters(e, component, repetition, terminator);
        _elementSeparator = e;
        _terminator = terminator;
        _hasDelimiters = true;

        // Record the ISA's element separators.
        var count = 0;
        ref var offsets = ref Unsafe.As<ElementOffsetBuffer, int>(ref _offsets);
        for (var i = 3; i < terminatorIndex; i++)
        {
            if (isa[i] == e)
            {
                if (count < ElementOffsetBuffer.Capacity)
                {
                    Unsafe.Add(ref offsets, count) = i;
                }

                count++;
            }
        }

        _elementCount = count;
        _storedOffsets = Math.Min(count, ElementOffsetBuffer.Capacity);
        _segmentStart = pos;
        SetSegmentLength(terminatorIndex);
        _position = pos + terminatorIndex + 1;
        _segmentCount++;
        return true;
    }

    private static bool IsFixedWidthIsa(ReadOnlySpan<byte> isa, byte e) =>
        isa[3] == e && isa[6] == e && isa[17] == e && isa[20] == e && isa[31] == e && isa[34] == e && isa[50] == e
        && isa[53] == e && isa[69] == e && isa[76] == e && isa[81] == e && isa[83] == e && isa[89] == e
        && isa[99] == e && isa[101] == e && isa[103] == e;

    /// <summary>ISA11 when it is a single byte; otherwise 0.</summary>
    private static byte RepetitionOf(ReadOnlySpan<byte> isa, byte e, int terminatorIndex)
    {
        var separators = 0;
        for (var i = 3; i < terminatorIndex; i++)
        {
            if (isa[i] == e && ++separators == 11)
            {
                return i + 2 < terminatorIndex && isa[i + 2] == e ? isa[i + 1] : (byte)0;
            }
        }

        return 0;
    }

    private readonly void ValidateDelimiters(int pos, byte e, byte component, byte terminator, int terminatorIndex)
    {
        var isaOffset = _baseOffset + pos;
        if (!X12Delimiters.IsValidDelimiter(component))
        {
            ThrowHelper.ThrowInvalidDelimiter(_segmentCount, 16, isaOffset + terminatorIndex - 1, "component separator", component, duplicate: false);
        }

        if (!X12Delimiters.IsValidDelimiter(terminator))
        {
            ThrowHelper.ThrowInvalidDelimiter(_segmentCount, 17, isaOffset + terminatorIndex, "segment terminator", terminator, duplicate: false);
        }

        if (component == e)
        {
            ThrowHelper.ThrowInvalidDelimiter(_segmentCount, 16, isaOffset + terminatorIndex - 1, "component separator", component, duplicate: true);
        }

        if (terminator == e || terminator == component)
        {
            ThrowHelper.ThrowInvalidDelimiter(_segmentCount, 17, isaOffset + terminatorIndex, "segment terminator", terminator, duplicate: true);
        }
    }
}
