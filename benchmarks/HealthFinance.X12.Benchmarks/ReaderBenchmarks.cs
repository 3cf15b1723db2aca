using BenchmarkDotNet.Attributes;

namespace HealthFinance.X12.Benchmarks;

/// <summary>
/// Tokenizing a generated 835 held in memory (<c>HF_BENCH_MB</c> MiB, default 64). The baseline is the simple
/// approach: a loop of <c>IndexOfAny(elementSeparator, segmentTerminator)</c> over the whole input. The
/// <see cref="X12Reader"/> rows read every segment, and then also every element of every segment.
/// </summary>
[MemoryDiagnoser]
public class ReaderBenchmarks
{
    private byte[] _data = [];

    [GlobalSetup]
    public void Setup()
    {
        _data = BenchmarkInput.Bytes;

        // The reader must see exactly the segments the generator wrote, or the figures mean nothing.
        var expected = BenchmarkInput.Summary.Segments;
        var actual = X12Reader_Segments();
        if (actual != expected)
        {
            throw new InvalidOperationException($"X12Reader read {actual} segments; the generated input has {expected}.");
        }

        var inParts = X12Reader_SegmentsAndElementsByPosition_TwoThreads();
        if (inParts != X12Reader_SegmentsAndElementsByPosition())
        {
            throw new InvalidOperationException("Reading in two parts did not see the segments and elements of one reader.");
        }
    }

    /// <summary>Counts segments and elements with one IndexOfAny per token (delimiters taken from the ISA).</summary>
    [Benchmark(Baseline = true)]
    public long Naive_IndexOfAny()
    {
        ReadOnlySpan<byte> span = _data;
        var element = span[3];
        var terminator = span[105];
        long segments = 0, elements = 0;
        while (true)
        {
            var i = span.IndexOfAny(element, terminator);
            if (i < 0)
            {
                break;
            }

            if (span[i] == terminator)
            {
                segments++;
            }
            else
            {
                elements++;
            }

            span = span[(i + 1)..];
        }

        return segments + elements;
    }

    /// <summary><see cref="X12Reader.Read"/> over every segment.</summary>
    [Benchmark]
    public long X12Reader_Segments()
    {
        var reader = new X12Reader(_data);
        long segments = 0;
        while (reader.Read())
        {
            segments++;
        }

        return segments;
    }

    /// <summary><see cref="X12Reader.Read"/> over every segment and <see cref="X12Reader.EnumerateElements"/> over every element.</summary>
    [Benchmark]
    public long X12Reader_SegmentsAndElements()
    {
        var reader = new X12Reader(_data);
        long segments = 0, elements = 0, elementBytes = 0;
        while (reader.Read())
        {
            segments++;
            foreach (var element in reader.EnumerateElements())
            {
                elements++;
                elementBytes += element.Length;
            }
        }

        return segments + elements + elementBytes;
    }

    /// <summary>
    /// <see cref="X12Reader.Read"/> over every segment and <see cref="X12Reader.GetElement"/> for positions 1 to
    /// <see cref="X12Reader.ElementCount"/>: elements by position from the separator offsets the segment scan recorded.
    /// </summary>
    [Benchmark]
    public long X12Reader_SegmentsAndElementsByPosition()
    {
        var reader = new X12Reader(_data);
        return ReadByPosition(ref reader);
    }

    /// <summary>
    /// <see cref="X12Reader_SegmentsAndElementsByPosition"/> on two threads: <see cref="X12InputPartitioner.ReadParts{TResult}"/>
    /// splits the input at the segment boundary after its middle, reads the first part on the calling thread and the second on a
    /// thread-pool thread, and checks that the second continues the first.
    /// </summary>
    [Benchmark]
    public long X12Reader_SegmentsAndElementsByPosition_TwoThreads()
    {
        var totals = X12InputPartitioner.ReadParts(_data, 2, static (ref X12Reader reader, X12InputPart part) => ReadByPosition(ref reader));
        return totals.Sum();
    }

    /// <summary>
    /// Reads every segment and every element by position; returns segments + elements + element bytes. The loop runs on a
    /// local copy of the reader, given back at the end, in the one-thread and the two-thread cases alike.
    /// </summary>
    private static long ReadByPosition(ref X12Reader source)
    {
        var reader = source;
        long segments = 0, elements = 0, elementBytes = 0;
        while (reader.Read())
        {
            segments++;
            var count = reader.ElementCount;
            for (var i = 1; i <= count; i++)
            {
                elements++;
                elementBytes += reader.GetElement(i).Length;
            }
        }

        source = reader;
        return segments + elements + elementBytes;
    }

    /// <summary>
    /// <see cref="X12StreamReader.ReadAll"/> over a <see cref="MemoryStream"/> of the input with the default 64 KiB
    /// buffer: the chunked path the CLI uses, without disk I/O. Allocations are per run (reader, stream, handler), not per segment.
    /// </summary>
    [Benchmark]
    public long X12StreamReader_Segments()
    {
        long segments = 0;
        using var stream = new MemoryStream(_data, writable: false);
        using var reader = new X12StreamReader(stream);
        reader.ReadAll((ref X12Reader segment) => segments++);
        return segments;
    }
}
