using System.Buffers;
using HealthFinance.Hl7v2.Internal;

namespace HealthFinance.Hl7v2;

/// <summary>MLLP (Minimal Lower Layer Protocol) framing: <c>0x0B</c> message <c>0x1C 0x0D</c>.</summary>
public static class Hl7v2Mllp
{
    /// <summary>The start block byte (VT, 0x0B).</summary>
    public const byte StartBlock = 0x0B;

    /// <summary>The end block byte (FS, 0x1C).</summary>
    public const byte EndBlock = 0x1C;

    /// <summary>The byte after the end block (CR, 0x0D).</summary>
    public const byte CarriageReturn = 0x0D;

    /// <summary>Writes a framed message.</summary>
    /// <param name="message">The message bytes.</param>
    /// <param name="output">Where the frame goes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The message contains a framing byte (0x0B or 0x1C).</exception>
    public static void Frame(ReadOnlySpan<byte> message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (message.IndexOfAny(StartBlock, EndBlock) >= 0)
        {
            throw new ArgumentException("The message contains an MLLP framing byte (0x0B or 0x1C).", nameof(message));
        }

        var span = output.GetSpan(message.Length + 3);
        span[0] = StartBlock;
        message.CopyTo(span[1..]);
        span[message.Length + 1] = EndBlock;
        span[message.Length + 2] = CarriageReturn;
        output.Advance(message.Length + 3);
    }

    /// <summary>
    /// Finds the first complete frame in <paramref name="data"/>. Bytes before the start block that are whitespace or
    /// control bytes are skipped; the CR after the end block is optional at the end of the data.
    /// </summary>
    /// <param name="data">The received bytes.</param>
    /// <param name="message">The message inside the frame.</param>
    /// <param name="bytesConsumed">The bytes up to and including the frame's end.</param>
    /// <returns><see cref="OperationStatus.Done"/> with a frame, <see cref="OperationStatus.NeedMoreData"/> when the frame is
    /// not complete yet, <see cref="OperationStatus.InvalidData"/> when data other than whitespace precedes the start block
    /// (<paramref name="bytesConsumed"/> then counts the bytes to discard).</returns>
    public static OperationStatus TryReadFrame(ReadOnlySpan<byte> data, out ReadOnlySpan<byte> message, out int bytesConsumed)
    {
        message = default;
        var start = data.IndexOf(StartBlock);
        var prefix = start < 0 ? data : data[..start];
        if (prefix.IndexOfAnyExceptInRange((byte)0, (byte)' ') >= 0)
        {
            bytesConsumed = start < 0 ? data.Length : start;
            return OperationStatus.InvalidData;
        }

        if (start < 0)
        {
            bytesConsumed = data.Length;
            return OperationStatus.NeedMoreData;
        }

        var end = data[(start + 1)..].IndexOf(EndBlock);
        if (end < 0)
        {
            bytesConsumed = 0;
            return OperationStatus.NeedMoreData;
        }

        message = data.Slice(start + 1, end);
        var after = start + 1 + end + 1;
        if (after < data.Length && data[after] == CarriageReturn)
        {
            after++;
        }

        bytesConsumed = after;
        return OperationStatus.Done;
    }
}

/// <summary>Reads MLLP frames from a stream (e.g. a TCP connection), whatever the chunking of the reads.</summary>
public sealed class Hl7v2MllpReader : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly int _maxMessageLength;
    private byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    /// <summary>Creates a reader.</summary>
    /// <param name="stream">The input.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves the stream open.</param>
    /// <param name="maxMessageLength">The longest frame accepted, in bytes (default 16 MiB).</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxMessageLength"/> is not positive.</exception>
    public Hl7v2MllpReader(Stream stream, bool leaveOpen = false, int maxMessageLength = 16 << 20)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessageLength);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _maxMessageLength = maxMessageLength;
    }

    /// <summary>Reads the next message; the memory stays valid until the next call.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The message without framing, or <see langword="null"/> at the end of the stream (between frames).</returns>
    /// <exception cref="Hl7v2ReaderException">HL7-0006: data outside a frame, a frame longer than the maximum, or the stream ends inside a frame.</exception>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadMessageAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var status = Hl7v2Mllp.TryReadFrame(pending, out var message, out var consumed);
            if (status == OperationStatus.Done)
            {
                var offset = pending.Overlaps(message, out var within) ? _start + within : _start;
                _start += consumed;
                return _buffer.AsMemory(offset, message.Length);
            }

            if (status == OperationStatus.InvalidData)
            {
                throw Framing("Data was received outside an MLLP frame.");
            }

            if (_end - _start > _maxMessageLength)
            {
                throw Framing("The MLLP frame is longer than the maximum message length.");
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var n = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                if (_buffer.AsSpan(_start, _end - _start).IndexOfAnyExceptInRange((byte)0, (byte)' ') < 0)
                {
                    return null;
                }

                throw Framing("The stream ended inside an MLLP frame.");
            }

            _end += n;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Hl7v2ReaderException Framing(string description) =>
        new(Hl7v2DiagnosticCodes.MllpFramingError, description, 0, null, 0, _start);
}

/// <summary>Writes MLLP frames to a stream.</summary>
public sealed class Hl7v2MllpWriter : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;

    /// <summary>Creates a writer.</summary>
    /// <param name="stream">The output.</param>
    /// <param name="leaveOpen">Whether disposing the writer leaves the stream open.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    public Hl7v2MllpWriter(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Writes one framed message and flushes.</summary>
    /// <param name="message">The message bytes.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the frame is written.</returns>
    /// <exception cref="ArgumentException">The message contains a framing byte.</exception>
    public async ValueTask WriteMessageAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        var buffer = new ArrayBufferWriter<byte>(message.Length + 3);
        Hl7v2Mllp.Frame(message.Span, buffer);
        await _stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
