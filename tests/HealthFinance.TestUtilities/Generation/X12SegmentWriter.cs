using System.Buffers.Text;
using System.Globalization;

namespace HealthFinance.TestUtilities.Generation;

/// <summary>
/// Appends X12 segments ('*' elements, ':' components, '~' and a line feed after each) to a buffer that is flushed
/// to a stream once it holds more than 64 KiB, or kept in memory (a transaction set's body) when there is no stream.
/// </summary>
internal sealed class X12SegmentWriter(Stream? output)
{
    private const int FlushThreshold = 64 * 1024;
    private byte[] _buffer = new byte[FlushThreshold + (16 * 1024)];
    private int _length;
    private long _flushed;

    /// <summary>Segments written (or buffered) since the last <see cref="Reset"/>.</summary>
    public long SegmentCount { get; private set; }

    /// <summary>Bytes written (or buffered) since the last <see cref="Reset"/>.</summary>
    public long BytesWritten => _flushed + _length;

    /// <summary>Empties a buffering writer (one without a stream) so it can hold the next transaction set.</summary>
    public void Reset()
    {
        _length = 0;
        _flushed = 0;
        SegmentCount = 0;
    }

    public X12SegmentWriter Start(string id)
    {
        if (output is not null && _length > FlushThreshold)
        {
            Flush();
        }

        Ascii(id);
        return this;
    }

    public X12SegmentWriter El(string value)
    {
        Raw((byte)'*');
        Ascii(value);
        return this;
    }

    public X12SegmentWriter El(long value)
    {
        Raw((byte)'*');
        Ensure(20);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out var written);
        _length += written;
        return this;
    }

    /// <summary>Empty elements (a separator each).</summary>
    public X12SegmentWriter Skip(int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            Raw((byte)'*');
        }

        return this;
    }

    public X12SegmentWriter Comp(string value)
    {
        Raw((byte)':');
        Ascii(value);
        return this;
    }

    /// <summary>A date element, CCYYMMDD.</summary>
    public X12SegmentWriter Date(DateOnly date) => El(date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));

    /// <summary>An amount element from cents, as an X12 R value ("125", "125.5", "-0.07").</summary>
    public X12SegmentWriter Amount(long cents)
    {
        Raw((byte)'*');
        return AmountValue(cents);
    }

    /// <summary>An amount as a component (after ':') or right after the current position.</summary>
    public X12SegmentWriter AmountValue(long cents)
    {
        if (cents < 0)
        {
            Raw((byte)'-');
            cents = -cents;
        }

        Ensure(24);
        Utf8Formatter.TryFormat(cents / 100, _buffer.AsSpan(_length), out var written);
        _length += written;
        var fraction = cents % 100;
        if (fraction != 0)
        {
            Raw((byte)'.');
            Raw((byte)('0' + (fraction / 10)));
            if (fraction % 10 != 0)
            {
                Raw((byte)('0' + (fraction % 10)));
            }
        }

        return this;
    }

    public void End()
    {
        Raw((byte)'~');
        Raw((byte)'\n');
        SegmentCount++;
    }

    /// <summary>Appends the segments a buffering writer holds.</summary>
    public void Append(X12SegmentWriter body)
    {
        if (output is not null)
        {
            Flush();
            output.Write(body._buffer, 0, body._length);
            _flushed += body._length;
        }
        else
        {
            Ensure(body._length);
            body._buffer.AsSpan(0, body._length).CopyTo(_buffer.AsSpan(_length));
            _length += body._length;
        }

        SegmentCount += body.SegmentCount;
    }

    public void Flush()
    {
        if (output is null || _length == 0)
        {
            return;
        }

        output.Write(_buffer, 0, _length);
        _flushed += _length;
        _length = 0;
    }

    private void Ascii(string value)
    {
        Ensure(value.Length);
        foreach (var c in value)
        {
            _buffer[_length++] = (byte)c;
        }
    }

    private void Raw(byte b)
    {
        Ensure(1);
        _buffer[_length++] = b;
    }

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length)
        {
            return;
        }

        if (output is not null)
        {
            Flush();
            if (more <= _buffer.Length)
            {
                return;
            }
        }

        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
    }
}
