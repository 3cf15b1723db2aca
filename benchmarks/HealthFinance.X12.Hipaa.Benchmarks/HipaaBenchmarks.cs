using BenchmarkDotNet.Attributes;
using HealthFinance.Canonical.Events;
using HealthFinance.X12.Benchmarks;

namespace HealthFinance.X12.Hipaa.Benchmarks;

/// <summary>
/// 835 → canonical remittance objects over the generated 835 of <c>HF_BENCH_MB</c> MiB (default 64; balanced, a few
/// hundred claims per ST…SE): the one-call span reader (every <see cref="RemittanceReceived"/> kept, as a caller that
/// collects them would), the streaming reader (each result dropped once seen, memory bounded by one transaction set),
/// and the bare X12 reader over the same bytes as the floor the map is measured against.
/// </summary>
[MemoryDiagnoser]
public class HipaaBenchmarks
{
    private byte[] _input = [];

    [GlobalSetup]
    public void Setup() => _input = BenchmarkInput.Bytes;

    /// <summary>Every segment read, nothing mapped: the X12 reader alone.</summary>
    [Benchmark]
    public long X12ReaderOnly()
    {
        var reader = new X12Reader(_input);
        long elements = 0;
        while (reader.Read())
        {
            elements += reader.ElementCount;
        }

        return elements;
    }

    /// <summary><see cref="HipaaReader.Read(ReadOnlySpan{byte}, HipaaReaderOptions?)"/>: all results and events in one list.</summary>
    [Benchmark(Baseline = true)]
    public int Read835ToCanonical()
    {
        var claims = 0;
        foreach (var result in HipaaReader.Read(_input))
        {
            claims += Claims(result);
        }

        return claims;
    }

    /// <summary><see cref="HipaaReader.Read(Stream, HipaaReaderOptions?)"/> over the bytes: one transaction set at a time.</summary>
    [Benchmark]
    public int Stream835ToCanonical()
    {
        using var stream = new MemoryStream(_input, writable: false);
        var claims = 0;
        foreach (var result in HipaaReader.Read(stream))
        {
            claims += Claims(result);
        }

        return claims;
    }

    private static int Claims(HipaaResult result)
    {
        if (result.HasErrors)
        {
            throw new InvalidOperationException("The generated 835 is balanced; a finding means the benchmark input or the map is wrong: " + result.Diagnostics[0]);
        }

        return result.Events is [RemittanceReceived remittance] ? remittance.Claims.Count : 0;
    }
}
