using System.Buffers;
using System.Text;
using HealthFinance.Hl7v2.Internal;

namespace HealthFinance.Hl7v2;

/// <summary>
/// Writes HL7 v2 (ER7) segments to an <see cref="IBufferWriter{T}"/>, escaping values (<see cref="Hl7v2Escaping"/>).
/// Segments end with CR.
/// </summary>
/// <example>
/// <code>
/// var w = new Hl7v2Writer(buffer);
/// w.WriteHeader("MSH"u8);            // MSH|^~\&amp;
/// w.WriteField("APP"u8);              // MSH-3
/// w.EndSegment();
/// w.BeginSegment("PID"u8);
/// w.WriteField("1"u8);                // PID-1
/// w.WriteField("Smith"u8); w.WriteComponent("Ann"u8); // PID-2 = Smith^Ann
/// w.EndSegment();
/// </code>
/// </example>
public sealed class Hl7v2Writer
{
    private readonly IBufferWriter<byte> _output;
    private bool _inSegment;

    /// <summary>Creates a writer with the given delimiters.</summary>
    /// <param name="output">Where the bytes go.</param>
    /// <param name="delimiters">The delimiters; <c>default</c> means <see cref="Hl7v2Delimiters.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The delimiters are not valid (letters, digits, duplicates, or no component separator).</exception>
    public Hl7v2Writer(IBufferWriter<byte> output, Hl7v2Delimiters delimiters = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (delimiters == default)
        {
            delimiters = Hl7v2Delimiters.Default;
        }

        Validate(delimiters);
        _output = output;
        Delimiters = delimiters;
    }

    /// <summary>The delimiters written.</summary>
    public Hl7v2Delimiters Delimiters { get; }

    /// <summary>The number of segments completed.</summary>
    public int SegmentCount { get; private set; }

    /// <summary>Starts an MSH, FHS or BHS header: writes the id, MSH-1 and MSH-2; the next <see cref="WriteField(ReadOnlySpan{byte})"/> is field 3.</summary>
    /// <param name="segmentId"><c>MSH</c>, <c>FHS</c> or <c>BHS</c>.</param>
    /// <exception cref="ArgumentException">The id is not a header id.</exception>
    /// <exception cref="InvalidOperationException">A segment is open.</exception>
    public void WriteHeader(ReadOnlySpan<byte> segmentId)
    {
        if (!(segmentId.SequenceEqual("MSH"u8) || segmentId.SequenceEqual("FHS"u8) || segmentId.SequenceEqual("BHS"u8)))
        {
            throw new ArgumentException("A header segment is MSH, FHS or BHS.", nameof(segmentId));
        }

        BeginSegment(segmentId);
        var d = Delimiters;
        Span<byte> enc = [d.Field, d.Component, d.Repetition, d.Escape, d.Subcomponent, d.Truncation];
        WriteRaw(enc[..(d.EncodingCharacterCount + 1)]);
    }

    /// <summary>Starts a segment: writes its id.</summary>
    /// <param name="segmentId">Three upper-case letters or digits.</param>
    /// <exception cref="ArgumentException">The id is not three upper-case letters or digits.</exception>
    /// <exception cref="InvalidOperationException">A segment is open.</exception>
    public void BeginSegment(ReadOnlySpan<byte> segmentId)
    {
        if (!ThrowHelper.IsSegmentId(segmentId))
        {
            throw new ArgumentException("A segment id is three upper-case letters or digits.", nameof(segmentId));
        }

        if (_inSegment)
        {
            ThrowHelper.ThrowInvalidOperation("The previous segment is not ended.");
        }

        _inSegment = true;
        WriteRaw(segmentId);
    }

    /// <summary>Writes a field separator and an escaped value (the next field).</summary>
    /// <param name="value">The unescaped value (may be empty).</param>
    /// <exception cref="InvalidOperationException">No segment is open.</exception>
    public void WriteField(ReadOnlySpan<byte> value) => WriteDelimited(Delimiters.Field, value);

    /// <summary>Writes a field separator and an escaped UTF-8 value (the next field).</summary>
    /// <param name="value">The unescaped value; <see langword="null"/> writes an empty field.</param>
    /// <exception cref="InvalidOperationException">No segment is open.</exception>
    public void WriteField(string? value) => WriteDelimited(Delimiters.Field, Encoding.UTF8.GetBytes(value ?? string.Empty));

    /// <summary>Writes a repetition separator and an escaped value (the next repetition of the current field).</summary>
    /// <param name="value">The unescaped value.</param>
    /// <exception cref="InvalidOperationException">No segment is open, or the delimiters have no repetition separator.</exception>
    public void WriteRepetition(ReadOnlySpan<byte> value) => WriteDelimited(Require(Delimiters.Repetition), value);

    /// <summary>Writes a component separator and an escaped value (the next component).</summary>
    /// <param name="value">The unescaped value.</param>
    /// <exception cref="InvalidOperationException">No segment is open.</exception>
    public void WriteComponent(ReadOnlySpan<byte> value) => WriteDelimited(Delimiters.Component, value);

    /// <summary>Writes a subcomponent separator and an escaped value (the next subcomponent).</summary>
    /// <param name="value">The unescaped value.</param>
    /// <exception cref="InvalidOperationException">No segment is open, or the delimiters have no subcomponent separator.</exception>
    public void WriteSubcomponent(ReadOnlySpan<byte> value) => WriteDelimited(Require(Delimiters.Subcomponent), value);

    /// <summary>Writes an escaped value without a separator (e.g. after <see cref="WriteFieldSeparator"/>).</summary>
    /// <param name="value">The unescaped value.</param>
    /// <exception cref="InvalidOperationException">No segment is open.</exception>
    public void WriteValue(ReadOnlySpan<byte> value)
    {
        EnsureSegment();
        if (value.IsEmpty)
        {
            return;
        }

        var span = _output.GetSpan(Hl7v2Escaping.GetMaxEscapedLength(value.Length));
        _output.Advance(Hl7v2Escaping.Escape(value, span, Delimiters));
    }

    /// <summary>Writes a field separator only.</summary>
    /// <exception cref="InvalidOperationException">No segment is open.</exception>
    public void WriteFieldSeparator()
    {
        EnsureSegment();
        WriteRaw([Delimiters.Field]);
    }

    /// <summary>Writes bytes unchanged (already encoded with this writer's delimiters).</summary>
    /// <param name="encoded">The encoded bytes; they must not contain CR or LF.</param>
    /// <exception cref="ArgumentException"><paramref name="encoded"/> contains CR or LF.</exception>
    /// <exception cref="InvalidOperationException">No segment is open.</exception>
    public void WriteEncoded(ReadOnlySpan<byte> encoded)
    {
        EnsureSegment();
        if (encoded.IndexOfAny((byte)'\r', (byte)'\n') >= 0)
        {
            throw new ArgumentException("Encoded bytes must not contain CR or LF.", nameof(encoded));
        }

        WriteRaw(encoded);
    }

    /// <summary>Ends the current segment with CR.</summary>
    /// <exception cref="InvalidOperationException">No segment is open.</exception>
    public void EndSegment()
    {
        EnsureSegment();
        WriteRaw("\r"u8);
        _inSegment = false;
        SegmentCount++;
    }

    private static void Validate(Hl7v2Delimiters d)
    {
        ReadOnlySpan<byte> all = [d.Field, d.Component, d.Repetition, d.Escape, d.Subcomponent, d.Truncation];
        var count = d.EncodingCharacterCount + 1;
        for (var i = 0; i < all.Length; i++)
        {
            var b = all[i];
            if (i < count && (!Hl7v2Delimiters.IsValidDelimiter(b) || all[..i].Contains(b)))
            {
                throw new ArgumentException("The delimiters must be distinct printable ASCII characters other than letters, digits and space, without gaps.", nameof(d));
            }

            if (i >= count && b != 0)
            {
                throw new ArgumentException("The delimiters must be distinct printable ASCII characters other than letters, digits and space, without gaps.", nameof(d));
            }
        }
    }

    private static byte Require(byte delimiter)
    {
        if (delimiter == 0)
        {
            ThrowHelper.ThrowInvalidOperation("The delimiters do not define this separator.");
        }

        return delimiter;
    }

    private void WriteDelimited(byte separator, ReadOnlySpan<byte> value)
    {
        EnsureSegment();
        WriteRaw([separator]);
        WriteValue(value);
    }

    private void EnsureSegment()
    {
        if (!_inSegment)
        {
            ThrowHelper.ThrowInvalidOperation("No segment is open: call BeginSegment or WriteHeader first.");
        }
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        _output.Write(bytes);
    }
}
