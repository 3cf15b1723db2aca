using System.Globalization;
using System.Text;
using HealthFinance.TestUtilities;
using HealthFinance.X12.Validation;

namespace HealthFinance.X12.Tests.Validation;

/// <summary>
/// Validation on two threads (<see cref="X12ValidatorOptions.MaxDegreeOfParallelism"/>) gives exactly the result of one
/// thread — every finding with its position, the counts and the 999/TA1 detail — for clean input, for faults before,
/// at and after the split, for a second interchange with other delimiters, and through a file stream.
/// </summary>
public sealed class X12ValidatorParallelTests
{
    private static readonly Lazy<string> LargeInterchange = new(() => X12TestData.Interchange835(transactions: 12000));

    [Fact]
    public void CleanInput_TwoThreads_SameResultAndTheSecondThreadDidWork()
    {
        var input = X12TestData.Bytes(LargeInterchange.Value);
        var sequential = Validate(input, threads: 1);
        var parallel = Validate(input, threads: 2, split: 0.8);
        Assert.True(sequential.IsValid);
        Assert.Equal(0, sequential.SegmentsVerifiedOnSecondThread);
        Assert.True(parallel.SegmentsVerifiedOnSecondThread > 0, "the second thread verified no segment");
        Assert.Equal(X12ValidatorFastPathProperties.Describe(sequential), X12ValidatorFastPathProperties.Describe(parallel));
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.39)]
    [InlineData(0.40)]
    [InlineData(0.41)]
    [InlineData(0.70)]
    [InlineData(0.999)]
    public void FaultsAroundTheSplit_TwoThreads_SameFindings(double faultAt)
    {
        var text = LargeInterchange.Value;
        var at = text.IndexOf("AMT*B6*170", (int)(text.Length * faultAt), StringComparison.Ordinal);
        Assert.True(at > 0);
        // A bad amount, a bad date and a control byte in consecutive body segments, then a missing SE.
        var faulty = text[..at] + "AMT*B6*17X0~\nDTM*472*20230229~\nREF*EA*A\u0001B~\n" + text[at..];
        var se = faulty.IndexOf("SE*", at, StringComparison.Ordinal);
        faulty = faulty[..se] + faulty[(faulty.IndexOf('\n', se) + 1)..];
        AssertSameOnBothPaths(X12TestData.Bytes(faulty));
    }

    [Fact]
    public void FaultyInputs_AreLargeEnoughForTwoThreads()
        => Assert.True(LargeInterchange.Value.Length >= 4 << 20, "the fixtures must exceed the two-thread threshold");

    [Fact]
    public void SecondInterchangeWithOtherDelimiters_TwoThreads_SameFindings()
    {
        var first = LargeInterchange.Value;
        var second = X12TestData.Interchange835("000000002", transactions: 3000)
            .Replace('*', '|').Replace('~', '!').Replace(':', '>').Replace('^', '{');
        var input = X12TestData.Bytes(first + second + first.Replace("000000001", "000000003", StringComparison.Ordinal));
        AssertSameOnBothPaths(input);
    }

    [Fact]
    public void SeededMutations_TwoThreads_SameFindings()
    {
        var original = X12TestData.Bytes(LargeInterchange.Value);
        var random = new Random(4242);
        const string Replacements = "0123456789.-*:~^\u0001X";
        for (var i = 0; i < 12; i++)
        {
            var mutant = (byte[])original.Clone();
            for (var e = random.Next(1, 6); e > 0; e--)
            {
                mutant[random.Next(mutant.Length)] = (byte)Replacements[random.Next(Replacements.Length)];
            }

            AssertSameOnBothPaths(mutant);
        }
    }

    [Fact]
    public async Task FileStream_TwoThreads_SameResultAsOneThread()
    {
        var text = LargeInterchange.Value;
        var at = text.IndexOf("CAS*CO*45*30", text.Length * 3 / 4, StringComparison.Ordinal);
        var input = X12TestData.Bytes(text[..at] + "CAS*CO*45*3.0.0~\n" + text[at..]);
        var path = Path.Combine(Path.GetTempPath(), "hf-parallel-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture) + ".x12");
        await File.WriteAllBytesAsync(path, input, TestContext.Current.CancellationToken);
        try
        {
            var sequential = await ValidateFileAsync(path, threads: 1, split: 0.4);
            var parallel = await ValidateFileAsync(path, threads: 2, split: 0.5);
            Assert.False(sequential.IsValid);
            Assert.Equal(X12ValidatorFastPathProperties.Describe(sequential), X12ValidatorFastPathProperties.Describe(parallel));
            Assert.Equal(X12ValidatorFastPathProperties.Describe(Validate(input, threads: 1)), X12ValidatorFastPathProperties.Describe(parallel));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.7)]
    public async Task FileStream_UnreadableInput_TwoThreads_SameResultAndCallbacks(double faultAt)
    {
        // A segment longer than MaxSegmentLength makes the input structurally unreadable from there on.
        var text = LargeInterchange.Value;
        var at = text.IndexOf("AMT*B6*170", (int)(text.Length * faultAt), StringComparison.Ordinal);
        var input = X12TestData.Bytes(text[..at] + "AMT*B6*17X~\nREF*EA*" + new string('Y', 500) + "~\n" + text[at..]);
        var path = Path.Combine(Path.GetTempPath(), "hf-parallel-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture) + ".x12");
        await File.WriteAllBytesAsync(path, input, TestContext.Current.CancellationToken);
        try
        {
            var (sequential, sequentialCalls) = await ValidateFileWithCallbackAsync(path, threads: 1);
            var (parallel, parallelCalls) = await ValidateFileWithCallbackAsync(path, threads: 2);
            Assert.Contains(sequential.Diagnostics, d => d.Code == "X12-0004");
            Assert.Equal(X12ValidatorFastPathProperties.Describe(sequential), X12ValidatorFastPathProperties.Describe(parallel));
            Assert.Equal(sequentialCalls, parallelCalls);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<(X12ValidationResult Result, List<string> Calls)> ValidateFileWithCallbackAsync(string path, int threads)
    {
        var calls = new List<string>();
        var options = Options(threads, 0.4);
        options.ReaderOptions = new X12ReaderOptions { MaxSegmentLength = 300 };
        options.DiagnosticReported = d => calls.Add(d.ToString());
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var result = await X12Validator.ValidateAsync(stream, options, TestContext.Current.CancellationToken);
        return (result, calls);
    }

    private static void AssertSameOnBothPaths(byte[] input)
    {
        var expected = X12ValidatorFastPathProperties.Describe(Validate(input, threads: 1));
        foreach (var split in new[] { 0.1, 0.4, 0.9 })
        {
            Assert.Equal(expected, X12ValidatorFastPathProperties.Describe(Validate(input, threads: 2, split)));
        }
    }

    private static X12ValidationResult Validate(byte[] input, int threads, double split = 0.4)
        => X12Validator.Validate(input, Options(threads, split));

    private static async Task<X12ValidationResult> ValidateFileAsync(string path, int threads, double split)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan | FileOptions.Asynchronous);
        return await X12Validator.ValidateAsync(stream, Options(threads, split), TestContext.Current.CancellationToken);
    }

    private static X12ValidatorOptions Options(int threads, double split) => new()
    {
        MaxDegreeOfParallelism = threads,
        SecondThreadSplit = split,
        MaxRetainedDiagnostics = 100_000,
    };
}
