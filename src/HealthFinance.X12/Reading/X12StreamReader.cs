using System.Buffers;

namespace HealthFinance.X12;

/// <summary>
/// Reads X12 from a <see cref="Stream"/> segment by segment. Memory is bounded by the largest segment (itself bounded by
/// <see cref="X12ReaderOptions.MaxSegmentLength"/>) plus a fixed buffer, never by the size of the input; the buffer is
/// rented from <see cref="ArrayPool{T}.Shared"/> and reused.
/// </summary>
/// <remarks>Because <see cref="X12Reader"/> is a <c>ref struct</c> it cannot cross an <c>await</c>, so segments are passed to a callback.</remarks>
public sealed class X12StreamReader : IAsyncDisposable, IDisposable
{
    private const int MinimumBufferSize = 256;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly int _initialBufferSize;
    private byte[]? _buffer;
    private int _bufferLength;
    private int _filled;
    private bool _endOfStream;
    private bool _completed;
    private bool _disposed;
    private X12ReaderState _state;

    /// <summary>Creates a reader over a stream.</summary>
    /// <param name="stream">The input.</param>
    /// <param name="options">The reader options.</param>
    /// <param name="leaveOpen"><see langword="true"/> to leave <paramref name="stream"/> open on dispose.</param>
    /// <param name="bufferSize">The initial buffer size in bytes (at least 256 is used).</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is not positive.</exception>
    public X12StreamReader(Stream stream, X12ReaderOptions options = default, bool leaveOpen = false, int bufferSize = 64 * 1024)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferSize);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _state = new X12ReaderState(options);
        _initialBufferSize = Math.Max(bufferSize, MinimumBufferSize);
        MaxBufferLength = Math.Max(_initialBufferSize, options.MaxSegmentLength + 2);
    }

    /// <summary>The largest buffer this reader can ever use: the initial size, or MaxSegmentLength + 2 when larger.</summary>
    internal int MaxBufferLength { get; }

    /// <summary>The largest buffer length used so far.</summary>
    internal int PeakBufferLength { get; private set; }

    /// <summary>Reads the rest of the input, calling <paramref name="handler"/> once per segment.</summary>
    /// <param name="handler">The callback, given a reader positioned on each segment.</param>
    /// <returns>The number of segments read by this call.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is <see langword="null"/>.</exception>
    /// <exception cref="X12ReaderException">The input is structurally unreadable.</exception>
    /// <exception cref="ObjectDisposedException">The reader is disposed.</exception>
    public long ReadAll(X12SegmentHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(_disposed, this);
        long count = 0;
        while (!_completed)
        {
            var buffer = EnsureBuffer();
            if (!_endOfStream)
            {
                var wanted = _bufferLength - _filled;
                var read = _stream.ReadAtLeast(buffer.AsSpan(_filled, wanted), wanted, throwOnEndOfStream: false);
                _filled += read;
                _endOfStream = read < wanted;
            }

            count += ProcessBuffer(handler);
        }

        return count;
    }

    /// <summary>Reads the rest of the input asynchronously, calling <paramref name="handler"/> once per segment.</summary>
    /// <param name="handler">The callback, given a reader positioned on each segment.</param>
    /// <param name="cancellationToken">Cancels reading between buffer fills.</param>
    /// <returns>The number of segments read by this call.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is <see langword="null"/>.</exception>
    /// <exception cref="X12ReaderException">The input is structurally unreadable.</exception>
    /// <exception cref="ObjectDisposedException">The reader is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async ValueTask<long> ReadAllAsync(X12SegmentHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(_disposed, this);
        long count = 0;
        while (!_completed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var buffer = EnsureBuffer();
            if (!_endOfStream)
            {
                var wanted = _bufferLength - _filled;
                var read = await _stream.ReadAtLeastAsync(buffer.AsMemory(_filled, wanted), wanted, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                _filled += read;
                _endOfStream = read < wanted;
            }

            count += ProcessBuffer(handler);
        }

        return count;
    }

    /// <summary>Returns the buffer to the pool and, unless <c>leaveOpen</c>, disposes the stream.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReturnBuffer();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <summary>Returns the buffer to the pool and, unless <c>leaveOpen</c>, disposes the stream asynchronously.</summary>
    /// <returns>A task that completes when disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReturnBuffer();
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private byte[] EnsureBuffer()
    {
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(_initialBufferSize);
            _bufferLength = _initialBufferSize;
            PeakBufferLength = Math.Max(PeakBufferLength, _bufferLength);
        }

        return _buffer;
    }

    /// <summary>Reads the segments in the buffer, keeps the unread tail at its start, and grows it when a segment does not fit.</summary>
    private long ProcessBuffer(X12SegmentHandler handler)
    {
        var buffer = _buffer!;
        var reader = new X12Reader(buffer.AsSpan(0, _filled), _endOfStream, _state);
        long count = 0;
        while (reader.Read())
        {
            handler(ref reader);
            count++;
        }

        var consumed = (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        if (_endOfStream)
        {
            _completed = true;
            _filled = 0;
            return count;
        }

        var remaining = _filled - consumed;
        if (consumed > 0 && remaining > 0)
        {
            buffer.AsSpan(consumed, remaining).CopyTo(buffer);
        }

        _filled = remaining;
        if (remaining == _bufferLength)
        {
            // One segment fills the buffer: grow (the reader throws X12-0004 before MaxBufferLength is exceeded).
            var newLength = (int)Math.Min((long)_bufferLength * 2, MaxBufferLength);
            if (newLength <= _bufferLength)
            {
                throw new InvalidOperationException("The segment buffer cannot grow further.");
            }

            var larger = ArrayPool<byte>.Shared.Rent(newLength);
            buffer.AsSpan(0, remaining).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            _buffer = larger;
            _bufferLength = newLength;
            PeakBufferLength = Math.Max(PeakBufferLength, newLength);
        }

        return count;
    }

    private void ReturnBuffer()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
