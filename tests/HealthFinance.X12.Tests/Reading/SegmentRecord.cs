using System.Text;

namespace HealthFinance.X12.Tests.Reading;

/// <summary>A copy of everything the reader exposes about one segment, for comparisons.</summary>
internal sealed record SegmentRecord(long Index, long ByteOffset, string Id, string Text, string Elements, string ElementOffsets, X12Delimiters Delimiters)
{
    public static SegmentRecord From(ref X12Reader reader)
    {
        var elements = new StringBuilder();
        var offsets = new StringBuilder();
        for (var i = 1; i <= reader.ElementCount; i++)
        {
            elements.Append('[').Append(Latin1(reader.GetElement(i))).Append(']');
            offsets.Append(reader.GetElementByteOffset(i)).Append(',');
        }

        // The enumerator is a second, independent path to the same elements.
        var enumerated = new StringBuilder();
        var position = 0;
        foreach (var element in reader.EnumerateElements())
        {
            position++;
            enumerated.Append('[').Append(Latin1(element)).Append(']');
        }

        Assert.Equal(reader.ElementCount, position);
        Assert.Equal(elements.ToString(), enumerated.ToString());

        return new SegmentRecord(
            reader.SegmentIndex,
            reader.SegmentByteOffset,
            Latin1(reader.SegmentId),
            Latin1(reader.SegmentSpan),
            elements.ToString(),
            offsets.ToString(),
            reader.Delimiters);
    }

    public static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}

/// <summary>Reads whole inputs into lists of <see cref="SegmentRecord"/>.</summary>
internal static class ReadAll
{
    public static List<SegmentRecord> OneShot(ReadOnlySpan<byte> data, X12ReaderOptions options = default)
    {
        var list = new List<SegmentRecord>();
        var reader = new X12Reader(data, options);
        while (reader.Read())
        {
            list.Add(SegmentRecord.From(ref reader));
        }

        return list;
    }

    /// <summary>Feeds the input in chunks ending at the given cut offsets, resuming via state as a streaming caller would.</summary>
    public static List<SegmentRecord> Chunked(byte[] data, IEnumerable<int> cuts, X12ReaderOptions options = default)
    {
        var list = new List<SegmentRecord>();
        var state = new X12ReaderState(options);
        var pending = Array.Empty<byte>();
        var start = 0;
        foreach (var cut in cuts.Append(data.Length))
        {
            var isFinal = cut >= data.Length;
            var end = Math.Min(cut, data.Length);
            var chunk = pending.Concat(data[start..end]).ToArray();
            start = end;
            var reader = new X12Reader(chunk, isFinal, state);
            while (reader.Read())
            {
                list.Add(SegmentRecord.From(ref reader));
            }

            pending = chunk[(int)reader.BytesConsumed..];
            state = reader.CurrentState;
            if (isFinal)
            {
                break;
            }
        }

        return list;
    }

    public static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);
}
