using System.Runtime.CompilerServices;

namespace HealthFinance.X12.Hipaa.Internal;

/// <summary>Where one buffered segment sits: in the transaction buffer and in the input.</summary>
internal struct SegmentEntry
{
    /// <summary>The offset of the segment's first byte in the transaction buffer.</summary>
    public int Start;

    /// <summary>The segment length without its terminator.</summary>
    public int Length;

    /// <summary>The index of the segment's first element start in the element-start array.</summary>
    public int FirstElement;

    /// <summary>The number of elements after the identifier.</summary>
    public int ElementCount;

    /// <summary>The packed identifier.</summary>
    public uint Tag;

    /// <summary>The loop instance the segment belongs to (set by the loop builder; 0 is the transaction root).</summary>
    public int Loop;

    /// <summary>The 0-based index of the segment in the whole input.</summary>
    public long SegmentIndex;

    /// <summary>The 0-based byte offset of the segment in the whole input.</summary>
    public long ByteOffset;
}

/// <summary>One occurrence of a loop in a transaction set, as recognised by the loop builder.</summary>
internal struct LoopInstance
{
    /// <summary>The index of the loop's definition in <see cref="HipaaTransactionDefinition.Loops"/>.</summary>
    public int Definition;

    /// <summary>The parent instance, or -1 for the root.</summary>
    public int Parent;

    /// <summary>The 1-based occurrence number of this loop id within the transaction set.</summary>
    public int Ordinal;

    /// <summary>The transaction index of the loop's first (trigger) segment.</summary>
    public int FirstSegment;

    /// <summary>For HL loops: the buffer offset and length of HL01 (the hierarchical id); length 0 otherwise.</summary>
    public int HierarchicalIdStart;

    /// <summary>The length of HL01 in the buffer.</summary>
    public int HierarchicalIdLength;

    /// <summary>Bit per segment definition of the loop seen in this instance (trigger is bit 0).</summary>
    public ulong SeenSegments;

    /// <summary>Bit per child loop definition opened in this instance.</summary>
    public ulong SeenChildren;

    /// <summary>The highest segment definition ordinal assigned so far.</summary>
    public int LastSegmentOrdinal;

    /// <summary>The highest child loop ordinal opened so far, or -1.</summary>
    public int LastChildOrdinal;

    /// <summary>
    /// For HL loops: the hierarchy is unreliable here (HL01 empty or repeated, HL02 not found, HL03 not allowed under
    /// its parent) or under a loop that is; the finding was reported and maps produce nothing below it.
    /// </summary>
    public bool Broken;
}

/// <summary>
/// One ST…SE transaction set buffered in memory: the segment bytes copied from the reader, their element
/// boundaries and input positions, and the loop instances recognised over them. The buffers are reused
/// from one transaction set to the next, so memory is bounded by the largest transaction set, not the input.
/// </summary>
internal sealed class HipaaTransaction
{
    private byte[] _bytes = new byte[4096];
    private int _byteLength;
    private SegmentEntry[] _segments = new SegmentEntry[64];
    private int _count;
    private int[] _starts = new int[512];
    private int _startCount;
    private LoopInstance[] _loops = new LoopInstance[16];
    private int _loopCount;

    /// <summary>The delimiters of the interchange the transaction set came from.</summary>
    public X12Delimiters Delimiters { get; private set; }

    /// <summary>The envelope identity of the transaction set.</summary>
    public HipaaTransactionIdentity Identity { get; private set; } = HipaaTransactionIdentity.Empty;

    /// <summary>The number of buffered segments (ST and, when present, SE included).</summary>
    public int Count => _count;

    /// <summary>The number of loop instances.</summary>
    public int LoopCount => _loopCount;

    /// <summary>The bytes held in the buffer (for tests of the memory bound).</summary>
    internal int BufferedBytes => _byteLength;

    /// <summary>The capacity of the byte buffer (for tests of the memory bound).</summary>
    internal int ByteCapacity => _bytes.Length;

    /// <summary>Gets a segment view.</summary>
    /// <param name="index">The 0-based index in the transaction set.</param>
    public HipaaSegment this[int index]
    {
        get
        {
            ref readonly var e = ref _segments[index];
            return new HipaaSegment(_bytes.AsSpan(e.Start, e.Length), _starts.AsSpan(e.FirstElement, e.ElementCount), Delimiters, index, in e);
        }
    }

    /// <summary>The packed identifier of a segment.</summary>
    /// <param name="index">The 0-based index in the transaction set.</param>
    /// <returns>The tag.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint TagAt(int index) => _segments[index].Tag;

    /// <summary>Gets a loop instance.</summary>
    /// <param name="index">The instance index (0 is the root).</param>
    /// <returns>The instance.</returns>
    public ref LoopInstance GetLoop(int index) => ref _loops[index];

    /// <summary>The bytes of a loop's hierarchical id (HL01), empty for non-HL loops.</summary>
    /// <param name="loop">The instance index.</param>
    /// <returns>The bytes.</returns>
    public ReadOnlySpan<byte> HierarchicalIdOf(int loop)
    {
        ref readonly var l = ref _loops[loop];
        return _bytes.AsSpan(l.HierarchicalIdStart, l.HierarchicalIdLength);
    }

    /// <summary>The buffer offset of an element of a segment (used to remember HL01 without copying).</summary>
    /// <param name="segment">The segment index.</param>
    /// <param name="position">The 1-based element position, at most the element count.</param>
    /// <returns>The offset and length of the element in the buffer.</returns>
    public (int Start, int Length) ElementRange(int segment, int position)
    {
        ref readonly var e = ref _segments[segment];
        if (position < 1 || position > e.ElementCount)
        {
            return (0, 0);
        }

        var start = _starts[e.FirstElement + position - 1];
        var end = position < e.ElementCount ? _starts[e.FirstElement + position] - 1 : e.Length;
        return (e.Start + start, end - start);
    }

    /// <summary>Assigns a segment to a loop instance.</summary>
    /// <param name="segment">The segment index.</param>
    /// <param name="loop">The loop instance.</param>
    public void SetLoop(int segment, int loop) => _segments[segment].Loop = loop;

    /// <summary>Adds a loop instance.</summary>
    /// <param name="instance">The instance.</param>
    /// <returns>Its index.</returns>
    public int AddLoop(in LoopInstance instance)
    {
        if (_loopCount == _loops.Length)
        {
            Array.Resize(ref _loops, _loops.Length * 2);
        }

        _loops[_loopCount] = instance;
        return _loopCount++;
    }

    /// <summary>Empties the buffer for the next transaction set.</summary>
    /// <param name="delimiters">The interchange delimiters.</param>
    /// <param name="identity">The envelope identity.</param>
    public void Reset(X12Delimiters delimiters, HipaaTransactionIdentity identity)
    {
        Delimiters = delimiters;
        Identity = identity;
        _byteLength = 0;
        _count = 0;
        _startCount = 0;
        _loopCount = 0;
    }

    /// <summary>Replaces the envelope identity (once SE has given the segment count).</summary>
    /// <param name="identity">The identity.</param>
    public void SetIdentity(HipaaTransactionIdentity identity) => Identity = identity;

    /// <summary>Copies the segment the reader is positioned on into the buffer.</summary>
    /// <param name="reader">A reader positioned on a segment.</param>
    public void Append(ref X12Reader reader)
    {
        var span = reader.SegmentSpan;
        if (_byteLength + span.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _byteLength + span.Length));
        }

        span.CopyTo(_bytes.AsSpan(_byteLength));
        var elements = reader.ElementCount;
        if (_startCount + elements > _starts.Length)
        {
            Array.Resize(ref _starts, Math.Max(_starts.Length * 2, _startCount + elements));
        }

        reader.CopyElementStarts(_starts.AsSpan(_startCount, elements));

        if (_count == _segments.Length)
        {
            Array.Resize(ref _segments, _segments.Length * 2);
        }

        _segments[_count++] = new SegmentEntry
        {
            Start = _byteLength,
            Length = span.Length,
            FirstElement = _startCount,
            ElementCount = elements,
            Tag = SegmentTag.Of(reader.SegmentId),
            Loop = 0,
            SegmentIndex = reader.SegmentIndex,
            ByteOffset = reader.SegmentByteOffset,
        };
        _byteLength += span.Length;
        _startCount += elements;
    }
}
