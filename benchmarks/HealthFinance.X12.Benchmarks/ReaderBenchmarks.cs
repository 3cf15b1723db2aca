using BenchmarkDotNet.Attributes;

namespace HealthFinance.X12.Benchmarks;

/// <summary>
/// Tokenizing a generated 835 held in memory (<c>HF_BENCH_MB</c> MiB, default 64). The baseline is the simple
/// approach: a loop of <c>IndexOfAny(elementSeparator, segmentTerminator)</c> over the whole input.
/// </summary>
[MemoryDiagnoser]
public class ReaderBenchmarks
{
    private byte[] _data = [];

    [GlobalSetup]
    public void Setup() => _data = BenchmarkInput.Bytes;

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
}
