using System.Buffers;

namespace HealthFinance.Hl7v2.Internal;

/// <summary>
/// Splits an input into units that each start at a header line (MSH, FHS or BHS) and run to the next one, so that one
/// message (with any BTS/FTS trailer after it) can be read, mapped or rejected on its own.
/// </summary>
internal static class MessageUnits
{
    private static readonly SearchValues<byte> LineBreaks = SearchValues.Create([(byte)'\r', (byte)'\n', 0x0B, 0x1C]);

    /// <summary>
    /// Returns the length of the unit at the start of <paramref name="data"/> (which begins at a non-control byte), or -1
    /// when the block is not final and more input is needed to find where it ends.
    /// </summary>
    internal static int FindUnitLength(ReadOnlySpan<byte> data, bool isFinalBlock)
    {
        var i = 0;
        while (true)
        {
            var g = data[i..].IndexOfAny(LineBreaks);
            if (g < 0)
            {
                return isFinalBlock ? data.Length : -1;
            }

            var p = i + g + 1;
            while (p < data.Length && data[p] < (byte)' ')
            {
                p++;
            }

            if (data.Length - p < 4)
            {
                return isFinalBlock ? data.Length : -1;
            }

            if (Hl7v2Reader.IsHeaderId(data[p..]))
            {
                return p;
            }

            i = p;
        }
    }

    /// <summary>The number of control bytes (line breaks, MLLP framing, padding) at the start of <paramref name="data"/>.</summary>
    internal static int SkipGap(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length && data[i] < (byte)' ')
        {
            i++;
        }

        return i;
    }
}

/// <summary>Reads the units of a stream with memory bounded by the largest unit.</summary>
internal sealed class MessageUnitStream : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private long _bufferOffset;

    internal MessageUnitStream(Stream stream)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    }

    /// <summary>The current unit; valid until the next call of <see cref="MoveNextAsync"/>.</summary>
    internal ReadOnlyMemory<byte> Current { get; private set; }

    /// <summary>The absolute offset of the current unit's first byte.</summary>
    internal long CurrentOffset { get; private set; }

    internal async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            _start += MessageUnits.SkipGap(_buffer.AsSpan(_start, _end - _start));
            if (_start == _end)
            {
                if (_eof)
                {
                    Current = default;
                    return false;
                }

                await FillAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            var length = MessageUnits.FindUnitLength(_buffer.AsSpan(_start, _end - _start), _eof);
            if (length < 0)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            Current = _buffer.AsMemory(_start, length);
            CurrentOffset = _bufferOffset + _start;
            _start += length;
            return true;
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var n = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (n == 0)
        {
            _eof = true;
        }
        else
        {
            _end += n;
        }
    }
}
