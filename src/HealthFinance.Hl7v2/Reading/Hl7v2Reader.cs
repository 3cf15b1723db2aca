using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HealthFinance.Hl7v2.Internal;

namespace HealthFinance.Hl7v2;

/// <summary>
/// A forward-only, allocation-free reader of HL7 v2 (ER7) segments over UTF-8/ASCII bytes (like <c>Utf8JsonReader</c>).
/// Delimiters come from each MSH, FHS or BHS header (MSH-1 and MSH-2, 1 to 5 encoding characters); segments end with
/// CR, LF or CRLF; several messages, batches (FHS/BHS/BTS/FTS) and MLLP framing bytes between segments are read in one pass.
/// </summary>
/// <remarks>
/// <para>Positions follow HL7: fields, repetitions, components and subcomponents are 1-based, and in MSH, FHS and BHS
/// field 1 is the field separator itself, so <c>GetField(3)</c> of an MSH is MSH-3 (sending application).</para>
/// <para>Values are returned as escaped bytes; decode them on demand with <see cref="Hl7v2Escaping"/>. Structurally
/// unreadable input throws <see cref="Hl7v2ReaderException"/> (codes HL7-0001 to HL7-0005).</para>
/// <para>Segment ends are found with a vectorised scan that also records the field separator offsets, so field
/// access does not rescan.</para>
/// </remarks>
public ref struct Hl7v2Reader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _maxSegmentLength;
    private readonly long _baseOffset;
    private readonly long _baseSegmentIndex;
    private readonly int _baseMessageIndex;

    private int _position;
    private int _segmentStart;
    private int _segmentLength;
    private int _separatorCount;
    private int _storedOffsets;
    private long _segmentCount;
    private int _messageCount;
    private int _segmentNumber;
    private bool _isHeader;
    private bool _hasDelimiters;
    private Hl7v2Delimiters _delimiters;
    private byte _field;
    private FieldOffsetBuffer _offsets;

    /// <summary>Creates a reader over a whole input.</summary>
    /// <param name="data">The HL7 v2 bytes: one or more messages, optionally in a batch or MLLP-framed.</param>
    /// <param name="options">The reader options.</param>
    public Hl7v2Reader(ReadOnlySpan<byte> data, Hl7v2ReaderOptions options = default)
        : this(data, options, 0, 0, 0)
    {
    }

    /// <summary>Creates a reader over a part of a larger input whose positions continue from the given bases.</summary>
    internal Hl7v2Reader(ReadOnlySpan<byte> data, Hl7v2ReaderOptions options, long baseOffset, long baseSegmentIndex, int baseMessageIndex)
    {
        _data = data;
        _maxSegmentLength = options.MaxSegmentLength;
        _baseOffset = baseOffset;
        _baseSegmentIndex = baseSegmentIndex;
        _baseMessageIndex = baseMessageIndex;
        _position = 0;
        _segmentStart = 0;
        _segmentLength = 0;
        _separatorCount = 0;
        _storedOffsets = 0;
        _segmentCount = 0;
        _messageCount = 0;
        _segmentNumber = 0;
        _isHeader = false;
        _hasDelimiters = false;
        _delimiters = default;
        _field = 0;
        _offsets = default;
    }

    /// <summary>The current segment without its terminator.</summary>
    public readonly ReadOnlySpan<byte> SegmentSpan => _data.Slice(_segmentStart, _segmentLength);

    /// <summary>The segment identifier (e.g. <c>PID</c>); empty before the first segment.</summary>
    public readonly ReadOnlySpan<byte> SegmentId => _data.Slice(_segmentStart, Math.Min(_segmentLength, 3));

    /// <summary>The number of fields of the current segment (in MSH, FHS and BHS counting MSH-1, the field separator).</summary>
    public readonly int FieldCount => _isHeader ? _separatorCount + 1 : _separatorCount;

    /// <summary>Whether the current segment is an MSH, FHS or BHS header (its field 1 is the field separator).</summary>
    public readonly bool IsHeaderSegment => _isHeader;

    /// <summary>The delimiters of the current message (<c>default</c> before the first header).</summary>
    public readonly Hl7v2Delimiters Delimiters => _delimiters;

    /// <summary>The 0-based index of the current segment across the whole input; -1 before the first segment.</summary>
    public readonly long SegmentIndex => _baseSegmentIndex + _segmentCount - 1;

    /// <summary>
    /// The 1-based position of the current segment in its message (MSH is 1), as an ACK ERR segment reports it;
    /// 0 for FHS, BHS, BTS and FTS and for segments outside a message.
    /// </summary>
    public readonly int SegmentNumber => _segmentNumber;

    /// <summary>The 0-based index of the current message (counting MSH segments) across the input; -1 before the first MSH.</summary>
    public readonly int MessageIndex => _baseMessageIndex + _messageCount - 1;

    /// <summary>The absolute 0-based offset of the current segment's first byte.</summary>
    public readonly long SegmentByteOffset => _baseOffset + _segmentStart;

    /// <summary>The number of bytes of the input consumed so far.</summary>
    public readonly long BytesConsumed => _position;

    /// <summary>
    /// Advances to the next segment, skipping CR, LF, blank lines, MLLP framing bytes (0x0B, 0x1C) and other control
    /// bytes between segments, and a UTF-8 byte order mark at the start. Each MSH, FHS and BHS re-reads the delimiters.
    /// </summary>
    /// <returns><see langword="true"/> when positioned on a segment; <see langword="false"/> at the end of the input.</returns>
    /// <exception cref="Hl7v2ReaderException">The input is structurally unreadable (codes HL7-0001 to HL7-0005).</exception>
    public bool Read()
    {
        var data = _data;
        var pos = _position;
        if (pos == 0 && _baseOffset == 0 && data.Length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
        {
            pos = 3;
        }

        while ((uint)pos < (uint)data.Length && data[pos] < (byte)' ')
        {
            pos++;
        }

        if (pos >= data.Length)
        {
            _position = data.Length;
            _isHeader = false;
            _separatorCount = 0;
            _storedOffsets = 0;
            _segmentLength = 0;
            _segmentStart = data.Length;
            return false;
        }

        if (IsHeaderId(data[pos..]))
        {
            ReadHeader(pos);
            return true;
        }

        if (!_hasDelimiters)
        {
            ThrowHelper.ThrowNoHeader(_baseSegmentIndex + _segmentCount, _baseOffset + pos);
        }

        var end = ScanSegment(data, pos, _field);
        var idLength = _separatorCount == 0 ? end - pos : _offsets[0];
        if (idLength != 3 || !ThrowHelper.IsSegmentId(data.Slice(pos, 3)))
        {
            ThrowHelper.ThrowInvalidSegmentId(_baseSegmentIndex + _segmentCount, _baseOffset + pos);
        }

        _isHeader = false;
        _segmentStart = pos;
        _segmentLength = end - pos;
        _position = end;
        _segmentCount++;
        var b0 = data[pos];
        if ((b0 == (byte)'B' || b0 == (byte)'F') && data[pos + 1] == (byte)'T' && data[pos + 2] == (byte)'S')
        {
            _segmentNumber = 0;
        }
        else if (_segmentNumber > 0)
        {
            _segmentNumber++;
        }

        return true;
    }

    /// <summary>Compares the segment id with <paramref name="id"/> (e.g. <c>"FT1"u8</c>).</summary>
    /// <param name="id">The identifier.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public readonly bool SegmentIdEquals(ReadOnlySpan<byte> id) => SegmentId.SequenceEqual(id);

    /// <summary>Returns a field at a 1-based position with all its repetitions, or an empty span when absent.</summary>
    /// <param name="fieldPosition">The 1-based field position (for MSH: 1 is the field separator, 2 the encoding characters).</param>
    /// <returns>The field's escaped bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fieldPosition"/> is less than 1.</exception>
    public readonly ReadOnlySpan<byte> GetField(int fieldPosition)
    {
        if (fieldPosition < 1)
        {
            ThrowHelper.ThrowPositionOutOfRange(nameof(fieldPosition), fieldPosition);
        }

        var raw = fieldPosition;
        if (_isHeader)
        {
            if (fieldPosition == 1)
            {
                return _data.Slice(_segmentStart + 3, 1);
            }

            raw--;
        }

        if (raw > _separatorCount)
        {
            return default;
        }

        var (start, length) = RawRange(raw);
        return _data.Slice(_segmentStart + start, length);
    }

    /// <summary>Gets a field at a 1-based position.</summary>
    /// <param name="fieldPosition">The 1-based field position.</param>
    /// <param name="value">The field's bytes; empty when absent.</param>
    /// <returns><see langword="true"/> when the field exists and is not empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fieldPosition"/> is less than 1.</exception>
    public readonly bool TryGetField(int fieldPosition, out ReadOnlySpan<byte> value)
    {
        value = GetField(fieldPosition);
        return !value.IsEmpty;
    }

    /// <summary>Returns the number of repetitions of a field: 0 when it is empty or absent.</summary>
    /// <param name="fieldPosition">The 1-based field position.</param>
    /// <returns>The repetition count.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fieldPosition"/> is less than 1.</exception>
    public readonly int GetRepetitionCount(int fieldPosition)
    {
        var field = GetField(fieldPosition);
        if (field.IsEmpty)
        {
            return 0;
        }

        return IsAtomic(fieldPosition) || _delimiters.Repetition == 0 ? 1 : field.Count(_delimiters.Repetition) + 1;
    }

    /// <summary>Returns one repetition of a field (both 1-based), or an empty span when absent.</summary>
    /// <param name="fieldPosition">The 1-based field position.</param>
    /// <param name="repetition">The 1-based repetition.</param>
    /// <returns>The repetition's escaped bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A position is less than 1.</exception>
    public readonly ReadOnlySpan<byte> GetRepetition(int fieldPosition, int repetition)
    {
        if (repetition < 1)
        {
            ThrowHelper.ThrowPositionOutOfRange(nameof(repetition), repetition);
        }

        var field = GetField(fieldPosition);
        return IsAtomic(fieldPosition) ? (repetition == 1 ? field : default) : Piece(field, _delimiters.Repetition, repetition);
    }

    /// <summary>Returns a component of a field's first repetition (PID-5.1 style), or an empty span when absent.</summary>
    /// <param name="fieldPosition">The 1-based field position.</param>
    /// <param name="component">The 1-based component position.</param>
    /// <returns>The component's escaped bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A position is less than 1.</exception>
    public readonly ReadOnlySpan<byte> GetComponent(int fieldPosition, int component) => GetComponent(fieldPosition, 1, component);

    /// <summary>Returns a component of one repetition of a field (all 1-based), or an empty span when absent.</summary>
    /// <param name="fieldPosition">The 1-based field position.</param>
    /// <param name="repetition">The 1-based repetition.</param>
    /// <param name="component">The 1-based component position.</param>
    /// <returns>The component's escaped bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A position is less than 1.</exception>
    public readonly ReadOnlySpan<byte> GetComponent(int fieldPosition, int repetition, int component)
    {
        if (component < 1)
        {
            ThrowHelper.ThrowPositionOutOfRange(nameof(component), component);
        }

        var value = GetRepetition(fieldPosition, repetition);
        return IsAtomic(fieldPosition) ? (component == 1 ? value : default) : Piece(value, _delimiters.Component, component);
    }

    /// <summary>Returns a subcomponent (all positions 1-based), or an empty span when absent.</summary>
    /// <param name="fieldPosition">The 1-based field position.</param>
    /// <param name="repetition">The 1-based repetition.</param>
    /// <param name="component">The 1-based component position.</param>
    /// <param name="subcomponent">The 1-based subcomponent position.</param>
    /// <returns>The subcomponent's escaped bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A position is less than 1.</exception>
    public readonly ReadOnlySpan<byte> GetSubcomponent(int fieldPosition, int repetition, int component, int subcomponent)
    {
        if (subcomponent < 1)
        {
            ThrowHelper.ThrowPositionOutOfRange(nameof(subcomponent), subcomponent);
        }

        var value = GetComponent(fieldPosition, repetition, component);
        return IsAtomic(fieldPosition) ? (subcomponent == 1 ? value : default) : Piece(value, _delimiters.Subcomponent, subcomponent);
    }

    /// <summary>Returns the absolute 0-based byte offset of a field's first byte.</summary>
    /// <param name="fieldPosition">The 1-based field position, at most <see cref="FieldCount"/>.</param>
    /// <returns>The offset.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fieldPosition"/> is less than 1 or greater than <see cref="FieldCount"/>.</exception>
    public readonly long GetFieldByteOffset(int fieldPosition)
    {
        if (fieldPosition < 1 || fieldPosition > FieldCount)
        {
            ThrowHelper.ThrowPositionOutOfRange(nameof(fieldPosition), fieldPosition);
        }

        if (_isHeader)
        {
            return fieldPosition == 1 ? SegmentByteOffset + 3 : SegmentByteOffset + RawRange(fieldPosition - 1).Start;
        }

        return SegmentByteOffset + RawRange(fieldPosition).Start;
    }

    /// <summary>Returns the <paramref name="position"/>-th (1-based) piece of <paramref name="value"/> split at <paramref name="separator"/>.</summary>
    /// <param name="value">The value to split.</param>
    /// <param name="separator">The separator; 0 means the value is one piece.</param>
    /// <param name="position">The 1-based piece.</param>
    /// <returns>The piece, or an empty span when absent.</returns>
    internal static ReadOnlySpan<byte> Piece(ReadOnlySpan<byte> value, byte separator, int position)
    {
        if (separator == 0)
        {
            return position == 1 ? value : default;
        }

        for (var i = 1; i < position; i++)
        {
            var next = value.IndexOf(separator);
            if (next < 0)
            {
                return default;
            }

            value = value[(next + 1)..];
        }

        var end = value.IndexOf(separator);
        return end < 0 ? value : value[..end];
    }

    /// <summary>Whether <paramref name="s"/> starts with MSH, FHS or BHS not followed by a letter or digit.</summary>
    internal static bool IsHeaderId(ReadOnlySpan<byte> s) =>
        s.Length >= 3
        && ((s[0] == (byte)'M' && s[1] == (byte)'S' && s[2] == (byte)'H') || (s[0] is (byte)'F' or (byte)'B' && s[1] == (byte)'H' && s[2] == (byte)'S'))
        && (s.Length == 3 || !char.IsAsciiLetterOrDigit((char)s[3]));

    private readonly bool IsAtomic(int fieldPosition) => _isHeader && fieldPosition <= 2;

    private readonly (int Start, int Length) RawRange(int raw)
    {
        int start, end;
        if (raw < _storedOffsets)
        {
            start = _offsets[raw - 1] + 1;
            end = _offsets[raw];
        }
        else if (raw == _storedOffsets)
        {
            start = _offsets[raw - 1] + 1;
            end = raw == _separatorCount ? _segmentLength : NextSeparator(start);
        }
        else
        {
            start = _offsets[_storedOffsets - 1] + 1;
            for (var p = _storedOffsets; p < raw; p++)
            {
                start = NextSeparator(start) + 1;
            }

            end = raw == _separatorCount ? _segmentLength : NextSeparator(start);
        }

        return (start, end - start);
    }

    private readonly int NextSeparator(int from)
    {
        var i = _data.Slice(_segmentStart + from, _segmentLength - from).IndexOf(_field);
        return i < 0 ? _segmentLength : from + i;
    }

    private void ReadHeader(int pos)
    {
        var data = _data;
        var segmentIndex = _baseSegmentIndex + _segmentCount;
        var id = data.Slice(pos, 3);
        if (data.Length - pos < 5 || data[pos + 3] is (byte)'\r' or (byte)'\n')
        {
            ThrowHelper.ThrowHeaderTruncated(segmentIndex, id, _baseOffset + pos);
        }

        var f = data[pos + 3];
        if (!Hl7v2Delimiters.IsValidDelimiter(f))
        {
            ThrowHelper.ThrowInvalidEncodingCharacter(segmentIndex, id, 1, _baseOffset + pos + 3, f, "is not a valid field separator (a letter, digit, space or control byte)");
        }

        Span<byte> enc = stackalloc byte[5];
        var n = 0;
        var i = pos + 4;
        for (; i < data.Length; i++)
        {
            var b = data[i];
            if (b == f || b is (byte)'\r' or (byte)'\n')
            {
                break;
            }

            if (n == 5)
            {
                ThrowHelper.ThrowInvalidEncodingCharacter(segmentIndex, id, 2, _baseOffset + i, b, "makes MSH-2 longer than 5 encoding characters");
            }

            if (!Hl7v2Delimiters.IsValidDelimiter(b))
            {
                ThrowHelper.ThrowInvalidEncodingCharacter(segmentIndex, id, 2, _baseOffset + i, b, "is not a valid encoding character (a letter, digit, space or control byte)");
            }

            if (b == f || enc[..n].Contains(b))
            {
                ThrowHelper.ThrowInvalidEncodingCharacter(segmentIndex, id, 2, _baseOffset + i, b, "repeats another delimiter");
            }

            enc[n++] = b;
        }

        if (n == 0)
        {
            ThrowHelper.ThrowHeaderTruncated(segmentIndex, id, _baseOffset + pos + 4);
        }

        _delimiters = new Hl7v2Delimiters(f, enc[0], n > 1 ? enc[1] : (byte)0, n > 2 ? enc[2] : (byte)0, n > 3 ? enc[3] : (byte)0, n > 4 ? enc[4] : (byte)0);
        _field = f;
        _hasDelimiters = true;
        var end = ScanSegment(data, pos, f);
        _isHeader = true;
        _segmentStart = pos;
        _segmentLength = end - pos;
        _position = end;
        _segmentCount++;
        if (data[pos] == (byte)'M')
        {
            _messageCount++;
            _segmentNumber = 1;
        }
        else
        {
            _segmentNumber = 0;
        }
    }

    /// <summary>
    /// Finds the end (CR, LF or the end of input) of the segment starting at <paramref name="start"/>, recording field
    /// separator offsets. Throws HL7-0004 when the segment is longer than MaxSegmentLength.
    /// </summary>
    private int ScanSegment(ReadOnlySpan<byte> data, int start, byte f)
    {
        var scanEnd = (int)Math.Min(data.Length, (long)start + _maxSegmentLength + 1);
        ref var first = ref MemoryMarshal.GetReference(data);
        ref var offsets = ref Unsafe.As<FieldOffsetBuffer, int>(ref _offsets);
        var count = 0;
        var i = start;

        if (Vector256.IsHardwareAccelerated)
        {
            var vf = Vector256.Create(f);
            var vcr = Vector256.Create((byte)'\r');
            var vlf = Vector256.Create((byte)'\n');
            while (i <= scanEnd - Vector256<byte>.Count)
            {
                var v = Vector256.LoadUnsafe(ref first, (nuint)i);
                var mt = (Vector256.Equals(v, vcr) | Vector256.Equals(v, vlf)).ExtractMostSignificantBits();
                var mf = Vector256.Equals(v, vf).ExtractMostSignificantBits();
                if (mt != 0)
                {
                    var t = BitOperations.TrailingZeroCount(mt);
                    mf &= (1u << t) - 1;
                    count = AddOffsets(ref offsets, count, mf, i - start);
                    return Finish(count, i + t);
                }

                count = AddOffsets(ref offsets, count, mf, i - start);
                i += Vector256<byte>.Count;
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var vf = Vector128.Create(f);
            var vcr = Vector128.Create((byte)'\r');
            var vlf = Vector128.Create((byte)'\n');
            while (i <= scanEnd - Vector128<byte>.Count)
            {
                var v = Vector128.LoadUnsafe(ref first, (nuint)i);
                var mt = (Vector128.Equals(v, vcr) | Vector128.Equals(v, vlf)).ExtractMostSignificantBits();
                var mf = Vector128.Equals(v, vf).ExtractMostSignificantBits();
                if (mt != 0)
                {
                    var t = BitOperations.TrailingZeroCount(mt);
                    mf &= (1u << t) - 1;
                    count = AddOffsets(ref offsets, count, mf, i - start);
                    return Finish(count, i + t);
                }

                count = AddOffsets(ref offsets, count, mf, i - start);
                i += Vector128<byte>.Count;
            }
        }

        for (; i < scanEnd; i++)
        {
            var b = Unsafe.Add(ref first, i);
            if (b is (byte)'\r' or (byte)'\n')
            {
                return Finish(count, i);
            }

            if (b == f)
            {
                if (count < FieldOffsetBuffer.Capacity)
                {
                    Unsafe.Add(ref offsets, count) = i - start;
                }

                count++;
            }
        }

        if (scanEnd - start > _maxSegmentLength)
        {
            ThrowHelper.ThrowSegmentTooLong(_baseSegmentIndex + _segmentCount, data[start..], f, _baseOffset + start, _maxSegmentLength);
        }

        return Finish(count, scanEnd);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Finish(int count, int end)
    {
        _separatorCount = count;
        _storedOffsets = Math.Min(count, FieldOffsetBuffer.Capacity);
        return end;
    }

    /// <summary>Records the set bits of <paramref name="mask"/> (at most 32) as offsets; the buffer has 32 spare slots.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AddOffsets(ref int offsets, int count, uint mask, int blockOffset)
    {
        if (count < FieldOffsetBuffer.Capacity)
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
}
