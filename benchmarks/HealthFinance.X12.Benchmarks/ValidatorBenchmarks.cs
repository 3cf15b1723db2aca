using BenchmarkDotNet.Attributes;
using HealthFinance.X12.Validation;

namespace HealthFinance.X12.Benchmarks;

/// <summary>
/// Full envelope + syntax validation (<see cref="X12Validator"/>) of the generated 835 held in memory
/// (<c>HF_BENCH_MB</c> MiB, default 64), against reading its segments alone as the baseline. The input is valid,
/// so this is the clean path: no diagnostics are built. Every row runs on one core except
/// <see cref="X12Validator_Validate_TwoThreads"/>.
/// </summary>
[MemoryDiagnoser]
public class ValidatorBenchmarks
{
    private static readonly X12ValidatorOptions TwoThreads = new() { MaxDegreeOfParallelism = 2 };

    private byte[] _data = [];

    [GlobalSetup]
    public void Setup()
    {
        _data = BenchmarkInput.Bytes;
        var result = X12Validator.Validate(_data);
        if (!result.IsValid || result.SegmentCount != BenchmarkInput.Summary.Segments)
        {
            var first = result.Diagnostics.Count > 0 ? result.Diagnostics[0].ToString() : "none";
            throw new InvalidOperationException(
                $"The generated 835 must validate cleanly: {result.ErrorCount} errors, {result.SegmentCount} of " +
                $"{BenchmarkInput.Summary.Segments} segments; first finding: {first}");
        }

        var parallel = X12Validator.Validate(_data, TwoThreads);
        if (!parallel.IsValid || parallel.SegmentCount != result.SegmentCount)
        {
            throw new InvalidOperationException("Validation on two threads must give the one-thread result.");
        }
    }

    /// <summary><see cref="X12Reader.Read"/> over every segment (the cost of tokenizing alone).</summary>
    [Benchmark(Baseline = true)]
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

    /// <summary><see cref="X12Validator.Validate(ReadOnlySpan{byte}, X12ValidatorOptions?)"/>: envelope and element syntax.</summary>
    [Benchmark]
    public long X12Validator_Validate() => X12Validator.Validate(_data).SegmentCount;

    /// <summary>The same validation on two threads (<see cref="X12ValidatorOptions.MaxDegreeOfParallelism"/> = 2): identical findings.</summary>
    [Benchmark]
    public long X12Validator_Validate_TwoThreads() => X12Validator.Validate(_data, TwoThreads).SegmentCount;

    /// <summary>Envelope checks only (<see cref="X12ValidatorOptions.CheckElementSyntax"/> off).</summary>
    [Benchmark]
    public long X12Validator_Validate_EnvelopeOnly() =>
        X12Validator.Validate(_data, new X12ValidatorOptions { CheckElementSyntax = false }).SegmentCount;
}
