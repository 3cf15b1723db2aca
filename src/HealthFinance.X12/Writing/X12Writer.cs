using System.Buffers;
using System.Buffers.Text;
using System.Text;
using HealthFinance.X12.Internal;

namespace HealthFinance.X12;

/// <summary>
/// Writes X12 segments with chosen delimiters to an <see cref="IBufferWriter{T}"/> or a <see cref="Stream"/>.
/// X12 has no escape mechanism: a value that contains a delimiter it may not hold throws <see cref="ArgumentException"/>.
/// </summary>
/// <remarks>
/// Write a segment either at once with <see cref="WriteSegment(ReadOnlySpan{byte}, ReadOnlySpan{string})"/> or piece by piece:
/// <see cref="WriteSegmentStart"/>, then <see cref="WriteElement(ReadOnlySpan{byte})"/> (and <see cref="WriteComponent"/> /
/// <see cref="WriteRepetition"/> to continue the current element), then <see cref="WriteSegmentEnd"/>.
/// Element values may contain the component and repetition separators (composite and repeated elements); component values
/// may not contain the component separator, repetition values may not contain the repetition separator.
/// </remarks>
public sealed class X12Writer : IDisposable, IAsyncDisposable
{
    private const int StreamFlushThreshold = 16 * 1024;

    private readonly IBufferWriter<byte> _output;
    private readonly Stream? _stream;
    private readonly ArrayBufferWriter<byte>? _streamBuffer;
    private readonly X12Delimiters _delimiters;
    private readonly byte[] _lineBreak;
    private bool _inSegment;
    private bool _hasElement;
    private bool _disposed;

    /// <summary>Creates a writer to a buffer writer.</summary>
    /// <param name="output">The destination.</param>
    /// <param name="delimiters">The delimiters to write with (they should match the ISA header the caller writes).</param>
    /// <param name="options">The writer options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="delimiters"/> is <c>default</c> (not a valid set).</exception>
    public X12Writer(IBufferWriter<byte> output, X12Delimiters delimiters, X12WriterOptions options = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (delimiters.Element == delimiters.Segment)
        {
            throw new ArgumentException("The delimiters are not initialized.", nameof(delimiters));
        }

        _output = output;
        _delimiters = delimiters;
        _lineBreak = Encoding.ASCII.GetBytes(options.LineBreak);
    }

    /// <summary>Creates a writer to a stream (buffered; call <see cref="Flush"/> or dispose to write out the rest).</summary>
    /// <param name="output">The destination; it is not disposed by this writer.</param>
    /// <param name="delimiters">The delimiters to write with.</param>
    /// <param name="options">The writer options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="delimiters"/> is <c>default</c>, or the stream is not writable.</exception>
    public X12Writer(Stream output, X12Delimiters delimiters, X12WriterOptions options = default)
        : this(new ArrayBufferWriter<byte>(StreamFlushThreshold + 4096), delimiters, options)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!output.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(output));
        }

        _stream = output;
        _streamBuffer = (ArrayBufferWriter<byte>)_output;
    }

    /// <summary>The delimiters this writer uses.</summary>
    public X12Delimiters Delimiters => _delimiters;

    /// <summary>The number of segments completed (for SE01 and similar counts).</summary>
    public long SegmentCount { get; private set; }

    /// <summary>Writes a whole segment: its id, each element (a <see langword="null"/> element is written empty), and the terminator.</summary>
    /// <param name="segmentId">The segment id, e.g. <c>"CLP"u8</c>.</param>
    /// <param name="elements">The element values; they may contain component and repetition separators intentionally.</param>
    /// <exception cref="ArgumentException">The id is empty or contains a delimiter, or a value contains the element separator or segment terminator.</exception>
    /// <exception cref="InvalidOperationException">A segment is already open.</exception>
    public void WriteSegment(ReadOnlySpan<byte> segmentId, params ReadOnlySpan<string?> elements)
    {
        // Check every value first so that a rejected segment leaves nothing half-written.
        foreach (var element in elements)
        {
            CheckElementText(element);
        }

        WriteSegmentStart(segmentId);
        foreach (var element in elements)
        {
            WriteElement(element);
        }

        WriteSegmentEnd();
    }

    /// <summary>Starts a segment by writing its id.</summary>
    /// <param name="segmentId">The segment id, e.g. <c>"CLP"u8</c>.</param>
    /// <exception cref="ArgumentException">The id is empty or contains a delimiter.</exception>
    /// <exception cref="InvalidOperationException">A segment is already open.</exception>
    public void WriteSegmentStart(ReadOnlySpan<byte> segmentId)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_inSegment)
        {
            ThrowHelper.ThrowInvalidOperation("A segment is already open; call WriteSegmentEnd first.");
        }

        if (segmentId.IsEmpty)
        {
            throw new ArgumentException("The segment id is empty.", nameof(segmentId));
        }

        CheckNone(segmentId, nameof(segmentId), component: true, repetition: true);
        WriteRaw(segmentId);
        _inSegment = true;
        _hasElement = false;
    }

    /// <summary>Writes the next element (its separator and value).</summary>
    /// <param name="value">The value; it may contain component and repetition separators.</param>
    /// <exception cref="ArgumentException">The value contains the element separator or segment terminator.</exception>
    /// <exception cref="InvalidOperationException">No segment is open.</exception>
    public void WriteElement(ReadOnlySpan<byte> value)
    {
        RequireSegment();
        CheckNone(value, nameof(value), component: false, repetition: false);
        WriteWithSeparator(_delimiters.Element, value);
        _hasElement = true;
    }

    /// <summary>Writes the next element from text (UTF-8); <see langword="null"/> writes an empty element.</summary>
    /// <param name="value">The value; it may contain component and repetition separators.</param>
    /// <exception cref="ArgumentException">The value contains the element separator or segment terminator.</exception>
    /// <exception cref="InvalidOperationException">No segment is open.</exception>
    public void WriteElement(string? value)
    {
        RequireSegment();
        value ??= "";
        var span = _output.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length) + 1);
        span[0] = _delimiters.Element;
        var written = Encoding.UTF8.GetBytes(value, span[1..]);
        CheckNone(span.Slice(1, written), nameof(value), component: false, repetition: false);
        _output.Advance(written + 1);
        _hasElement = true;
    }

    /// <summary>Writes the next element as an X12 decimal (invariant, e.g. <c>-12.50</c>).</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="InvalidOperationException">No segment is open.</exception>
    public void WriteElement(decimal value)
    {
        RequireSegment();
        var span = _output.GetSpan(40);
        span[0] = _delimiters.Element;
        Utf8Formatter.TryFormat(value, span[1..], out var written);
        _output.Advance(written + 1);
        _hasElement = true;
    }

    /// <summary>Writes the next element as an integer.</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="InvalidOperationException">No segment is open.</exception>
    public void WriteElement(long value)
    {
        RequireSegment();
        var span = _output.GetSpan(24);
        span[0] = _delimiters.Element;
        Utf8Formatter.TryFormat(value, span[1..], out var written);
        _output.Advance(written + 1);
        _hasElement = true;
    }

    /// <summary>Writes the next element as an integer.</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="InvalidOperationException">No segment is open.</exception>
    public void WriteElement(int value) => WriteElement((long)value);

    /// <summary>Writes the next element as a date, <c>CCYYMMDD</c>.</summary>
    /// <param name="value">The date.</param>
    /// <exception cref="InvalidOperationException">No segment is open.</exception>
    public void WriteElement(DateOnly value)
    {
        RequireSegment();
        var span = _output.GetSpan(9);
        span[0] = _delimiters.Element;
        Digits(span.Slice(1, 4), value.Year);
        Digits(span.Slice(5, 2), value.Month);
        Digits(span.Slice(7, 2), value.Day);
        _output.Advance(9);
        _hasElement = true;
    }

    /// <summary>Writes the next component of the current element (the component separator and the value).</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException">The value contains the element, component or repetition separator or the segment terminator.</exception>
    /// <exception cref="InvalidOperationException">No element has been written in the open segment.</exception>
    public void WriteComponent(ReadOnlySpan<byte> value)
    {
        RequireElement();
        CheckNone(value, nameof(value), component: true, repetition: true);
        WriteWithSeparator(_delimiters.Component, value);
    }

    /// <summary>Writes the next repetition of the current element (the repetition separator and the value).</summary>
    /// <param name="value">The value; it may contain component separators.</param>
    /// <exception cref="ArgumentException">The value contains the element or repetition separator or the segment terminator.</exception>
    /// <exception cref="InvalidOperationException">No element has been written, or the delimiters have no repetition separator.</exception>
    public void WriteRepetition(ReadOnlySpan<byte> value)
    {
        RequireElement();
        if (!_delimiters.HasRepetition)
        {
            ThrowHelper.ThrowInvalidOperation("The delimiters have no repetition separator.");
        }

        CheckNone(value, nameof(value), component: false, repetition: true);
        WriteWithSeparator(_delimiters.Repetition, value);
    }

    /// <summary>Ends the segment: writes the terminator and the configured line break.</summary>
    /// <exception cref="InvalidOperationException">No segment is open.</exception>
    public void WriteSegmentEnd()
    {
        RequireSegment();
        var span = _output.GetSpan(1 + _lineBreak.Length);
        span[0] = _delimiters.Segment;
        _lineBreak.CopyTo(span[1..]);
        _output.Advance(1 + _lineBreak.Length);
        _inSegment = false;
        _hasElement = false;
        SegmentCount++;
        if (_streamBuffer is not null && _streamBuffer.WrittenCount >= StreamFlushThreshold)
        {
            _stream!.Write(_streamBuffer.WrittenSpan);
            _streamBuffer.ResetWrittenCount();
        }
    }

    /// <summary>Writes buffered bytes to the stream and flushes it (nothing to do for a buffer writer).</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_stream is not null)
        {
            _stream.Write(_streamBuffer!.WrittenSpan);
            _streamBuffer.ResetWrittenCount();
            _stream.Flush();
        }
    }

    /// <summary>Writes buffered bytes to the stream and flushes it asynchronously.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when flushed.</returns>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_stream is not null)
        {
            await _stream.WriteAsync(_streamBuffer!.WrittenMemory, cancellationToken).ConfigureAwait(false);
            _streamBuffer.ResetWrittenCount();
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Flushes buffered bytes to the stream (the stream itself is not disposed).</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            Flush();
            _disposed = true;
        }
    }

    /// <summary>Flushes buffered bytes to the stream asynchronously (the stream itself is not disposed).</summary>
    /// <returns>A task that completes when disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            await FlushAsync().ConfigureAwait(false);
            _disposed = true;
        }
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private void RequireSegment()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_inSegment)
        {
            ThrowHelper.ThrowInvalidOperation("No segment is open; call WriteSegmentStart first.");
        }
    }

    private void RequireElement()
    {
        RequireSegment();
        if (!_hasElement)
        {
            ThrowHelper.ThrowInvalidOperation("No element is open; call WriteElement first.");
        }
    }

    private void CheckNone(ReadOnlySpan<byte> value, string paramName, bool component, bool repetition)
    {
        var d = _delimiters;
        var at = value.IndexOfAny(d.Element, d.Segment);
        if (at >= 0)
        {
            ThrowHelper.ThrowContainsDelimiter(paramName, value[at]);
        }

        if (component && (at = value.IndexOf(d.Component)) >= 0)
        {
            ThrowHelper.ThrowContainsDelimiter(paramName, value[at]);
        }

        if (repetition && d.HasRepetition && (at = value.IndexOf(d.Repetition)) >= 0)
        {
            ThrowHelper.ThrowContainsDelimiter(paramName, value[at]);
        }
    }

    private void CheckElementText(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var d = _delimiters;
        if (d.Element < 0x80 && d.Segment < 0x80)
        {
            // ASCII delimiters can only appear in UTF-8 as the same ASCII characters.
            var at = value.AsSpan().IndexOfAny((char)d.Element, (char)d.Segment);
            if (at >= 0)
            {
                ThrowHelper.ThrowContainsDelimiter(nameof(value), (byte)value[at]);
            }

            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
        try
        {
            var written = Encoding.UTF8.GetBytes(value, rented);
            CheckNone(rented.AsSpan(0, written), nameof(value), component: false, repetition: false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void WriteWithSeparator(byte separator, ReadOnlySpan<byte> value)
    {
        var span = _output.GetSpan(value.Length + 1);
        span[0] = separator;
        value.CopyTo(span[1..]);
        _output.Advance(value.Length + 1);
    }

    private void WriteRaw(ReadOnlySpan<byte> value)
    {
        var span = _output.GetSpan(value.Length);
        value.CopyTo(span);
        _output.Advance(value.Length);
    }
}
