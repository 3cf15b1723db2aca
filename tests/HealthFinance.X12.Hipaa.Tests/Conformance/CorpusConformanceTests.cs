using System.Globalization;
using HealthFinance.Canonical.Events;
using HealthFinance.TestUtilities;

namespace HealthFinance.X12.Hipaa.Tests.Conformance;

/// <summary>
/// Every X12 file of the shared corpus through the one entry point, <see cref="HipaaReader"/>: each maps, is rejected
/// with findings, or is reported as not mapped — never a crash. The per-file outcome, transaction set count, event count,
/// claim count and distinct finding codes must equal the reviewed row of CorpusExpectations.tsv, whose note column says
/// why a file is rejected and where we disagree with the file's source project.
/// </summary>
public sealed class CorpusConformanceTests
{
    private static readonly Lazy<Dictionary<string, string[]>> Expectations = new(Load);

    public static TheoryData<string> Files() => Corpus.Files("x12");

    [Theory]
    [MemberData(nameof(Files))]
    public void Read_CorpusFile_MatchesReviewedOutcome(string file)
    {
        var bytes = Corpus.ReadBytes(file);
        var results = HipaaReader.Read(bytes, new HipaaReaderOptions { FileName = Path.GetFileName(file) });

        var actual = string.Join('\t', Describe(results));
        Assert.True(Expectations.Value.TryGetValue(file, out var expected), $"{file} has no row in CorpusExpectations.tsv; review it and add one. Actual: {actual}");
        Assert.Equal(string.Join('\t', expected!.Take(5)), actual);
        Assert.All(results.SelectMany(r => r.Diagnostics), d => Assert.NotNull(d.Location.SegmentIndex ?? d.Location.ByteOffset));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task ReadAsync_CorpusFile_YieldsTheSameResultsAsTheSpanReader(string file)
    {
        var bytes = Corpus.ReadBytes(file);
        var expected = HipaaReader.Read(bytes);
        var actual = new List<HipaaResult>();
        await using var stream = new MemoryStream(bytes);
        await foreach (var result in HipaaReader.ReadAsync(stream, new HipaaReaderOptions { BufferSize = 300 }, TestContext.Current.CancellationToken))
        {
            actual.Add(result);
        }

        Assert.Equal(Remittance.Fingerprint.Of(expected), Remittance.Fingerprint.Of(actual));
    }

    [Fact]
    public void Expectations_CoverEveryCorpusFileAndNoOther()
    {
        Corpus.RequireRoot();
        var files = Files().Select(r => r.Data).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(Expectations.Value.Keys.Except(files, StringComparer.Ordinal));
        Assert.Empty(files.Except(Expectations.Value.Keys, StringComparer.Ordinal));
    }

    /// <summary>
    /// outcome: <c>unreadable</c> (nothing could be read as X12), <c>rejected</c> (an error finding other than "guide not
    /// supported"), <c>unsupported</c> (a known transaction set whose guide or version is not mapped, HIPAA-0411/0412/0506),
    /// <c>not-mapped</c> (no map for any transaction set id, HIPAA-0001), else <c>mapped</c>.
    /// </summary>
    internal static string[] Describe(IReadOnlyList<HipaaResult> results)
    {
        static bool IsUnsupported(string code) => code is HealthFinance.X12.Hipaa.Claims.HipaaClaimDiagnosticCodes.UnsupportedVersion
            or HealthFinance.X12.Hipaa.Claims.HipaaClaimDiagnosticCodes.UnknownImplementation
            or HealthFinance.X12.Hipaa.ClaimStatus.HipaaClaimStatusDiagnosticCodes.UnsupportedImplementation;
        var outcome =
            results.Count == 0 || results.All(r => r.Identity.SegmentIndex < 0 && r.Events.Count == 0) ? "unreadable"
            : results.Any(r => r.Outcome == HipaaOutcome.Rejected || r.Diagnostics.Any(d => d.IsError && !IsUnsupported(d.Code))) ? "rejected"
            : results.Any(r => r.Diagnostics.Any(d => IsUnsupported(d.Code))) ? "unsupported"
            : results.All(r => r.Outcome == HipaaOutcome.NotMapped) ? "not-mapped"
            : "mapped";
        var transactions = results.Count(r => r.Identity.TransactionSetId is not null);
        var events = results.Sum(r => r.Events.Count);
        var claims = results.SelectMany(r => r.Events).Sum(e => e switch
        {
            RemittanceReceived remittance => remittance.Claims.Count,
            ClaimSubmitted or ClaimStatusReported => 1,
            _ => 0,
        });
        var codes = results.SelectMany(r => r.Diagnostics).Select(d => d.Code).Distinct().Order(StringComparer.Ordinal);
        return
        [
            outcome,
            transactions.ToString(CultureInfo.InvariantCulture),
            events.ToString(CultureInfo.InvariantCulture),
            claims.ToString(CultureInfo.InvariantCulture),
            string.Join(',', codes),
        ];
    }

    private static Dictionary<string, string[]> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Conformance", "CorpusExpectations.tsv");
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var cells = line.Split('\t');
            rows[cells[0]] = cells[1..];
        }

        return rows;
    }
}
