using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HealthFinance.X12;

/// <summary>
/// Enumerates the elements of one segment (without its id) as spans; allocation-free. Separators are located 64 bytes at a
/// time into a bit mask, so each element costs one bit scan rather than one search.
/// </summary>
public ref struct X12ElementEnumerator
{
    private const int Window = 64;

    private readonly ReadOnlySpan<byte> _source;
    private readonly int _segmentLength;
    private readonly byte _separator;
    private readonly int _count;
    private int _position;
    private int _start;
    private int _windowBase;
    private ulong _mask;
    private ReadOnlySpan<byte> _current;

    /// <param name="source">The input from the segment's first byte to the end of the reader's data (wide loads stay inside it).</param>
    /// <param name="segmentLength">The segment's length without its terminator.</param>
    /// <param name="separator">The element separator.</param>
    /// <param name="idLength">The offset of the first element separator.</param>
    /// <param name="count">The number of elements.</param>
    internal X12ElementEnumerator(ReadOnlySpan<byte> source, int segmentLength, byte separator, int idLength, int count)
    {
        _source = source;
        _segmentLength = segmentLength;
        _separator = separator;
        _count = count;
        _position = 0;
        _start = idLength + 1;
        _current = default;
        // Start in the window holding the first element, without the id's separator and anything before it.
        var first = idLength + 1;
        _windowBase = first / Window * Window;
        _mask = count > 0 ? LoadMask(_windowBase) & (~0UL << (first % Window)) : 0;
    }

    /// <summary>The current element.</summary>
    public readonly ReadOnlySpan<byte> Current => _current;

    /// <summary>The 1-based position of <see cref="Current"/>; 0 before the first <see cref="MoveNext"/>.</summary>
    public readonly int Position => _position;

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    /// <returns>This enumerator.</returns>
    public readonly X12ElementEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next element.</summary>
    /// <returns><see langword="true"/> when positioned on an element.</returns>
    public bool MoveNext()
    {
        if (_position >= _count)
        {
            return false;
        }

        int end;
        while (true)
        {
            if (_mask != 0)
            {
                end = _windowBase + BitOperations.TrailingZeroCount(_mask);
                _mask &= _mask - 1;
                break;
            }

            _windowBase += Window;
            if (_windowBase >= _segmentLength)
            {
                end = _segmentLength;
                break;
            }

            _mask = LoadMask(_windowBase);
        }

        _current = _source.Slice(_start, end - _start);
        _start = end + 1;
        _position++;
        return true;
    }

    /// <summary>Bit i is set when byte (<paramref name="windowBase"/> + i) of the segment is the separator.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly ulong LoadMask(int windowBase)
    {
        var valid = _segmentLength - windowBase;
        if (valid <= 0)
        {
            return 0;
        }

        ulong mask;
        if (Vector256.IsHardwareAccelerated && windowBase <= _source.Length - Window)
        {
            ref var first = ref MemoryMarshal.GetReference(_source);
            var s = Vector256.Create(_separator);
            var lo = Vector256.Equals(Vector256.LoadUnsafe(ref first, (nuint)windowBase), s).ExtractMostSignificantBits();
            var hi = Vector256.Equals(Vector256.LoadUnsafe(ref first, (nuint)(windowBase + 32)), s).ExtractMostSignificantBits();
            mask = lo | ((ulong)hi << 32);
        }
        else
        {
            mask = 0;
            var end = Math.Min(Window, valid);
            for (var i = 0; i < end; i++)
            {
                if (_source[windowBase + i] == _separator)
                {
                    mask |= 1UL << i;
                }
            }
        }

        return valid >= Window ? mask : mask & ((1UL << valid) - 1);
    }
}
