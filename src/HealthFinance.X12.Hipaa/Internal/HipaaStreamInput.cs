using System.Buffers;

namespace HealthFinance.X12.Hipaa.Internal;

/// <summary>
/// The read buffer of a stream being mapped: bytes are appended after each read, complete segments are handed to the
/// assembler through a chunked <see cref="X12Reader"/>, and the unread tail moves to the front. The buffer grows only
/// when one segment does not fit (bounded by <see cref="X12ReaderOptions.MaxSegmentLength"/>); it is pooled.
/// </summary>
internal sealed class HipaaStreamInput : IDisposable
{
    private readonly int _maxLength;
    private byte[] _buffer;
    private int _filled;
    private bool _endOfStream;
    private X12ReaderState _state;

    /// <summary>Creates the buffer.</summary>
    /// <param name="options">The reader options.</param>
    public HipaaStreamInput(HipaaReaderOptions options)
    {
        var size = Math.Max(options.BufferSize, 256);
        _maxLength = Math.Max(size, options.ReaderOptions.MaxSegmentLength + 2);
        _buffer = ArrayPool<byte>.Shared.Rent(size);
        _state = new X12ReaderState(options.ReaderOptions);
    }

    /// <summary>Whether the whole input has been processed (or reading stopped at unreadable input).</summary>
    public bool Completed { get; private set; }

    /// <summary>The free part of the buffer to read into.</summary>
    public Memory<byte> FreeSpace => _buffer.AsMemory(_filled);

    /// <summary>Processes the bytes read into <see cref="FreeSpace"/>.</summary>
    /// <param name="read">The number of bytes read.</param>
    /// <param name="endOfStream">Whether the stream has ended.</param>
    /// <param name="assembler">Receives the complete segments.</param>
    public void Advance(int read, bool endOfStream, HipaaTransactionAssembler assembler)
    {
        _filled += read;
        _endOfStream = endOfStream;
        var reader = new X12Reader(_buffer.AsSpan(0, _filled), _endOfStream, _state);
        try
        {
            while (reader.Read())
            {
                assembler.Accept(ref reader);
            }
        }
        catch (X12ReaderException ex)
        {
            assembler.Fail(ex);
            Completed = true;
            return;
        }

        if (_endOfStream)
        {
            assembler.Complete();
            Completed = true;
            return;
        }

        var consumed = (int)reader.BytesConsumed;
        var nextSegment = reader.SegmentIndex + 1;
        _state = reader.CurrentState;
        var remaining = _filled - consumed;
        if (consumed > 0 && remaining > 0)
        {
            _buffer.AsSpan(consumed, remaining).CopyTo(_buffer);
        }

        _filled = remaining;
        if (remaining == _buffer.Length)
        {
            // One segment fills the buffer: grow it (the reader rejects a segment longer than MaxSegmentLength first).
            var length = (int)Math.Min((long)_buffer.Length * 2, _maxLength);
            if (length <= _buffer.Length)
            {
                assembler.Fail(new X12ReaderException("X12-0004", "A segment exceeds the maximum segment length.", nextSegment, null, 0, 0));
                Completed = true;
                return;
            }

            var larger = ArrayPool<byte>.Shared.Rent(length);
            _buffer.AsSpan(0, remaining).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
