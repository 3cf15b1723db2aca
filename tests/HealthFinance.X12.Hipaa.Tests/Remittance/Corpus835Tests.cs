using System.Globalization;
using HealthFinance.Canonical.Events;
using HealthFinance.TestUtilities;

namespace HealthFinance.X12.Hipaa.Tests.Remittance;

/// <summary>
/// Conformance over every 835 in the shared corpus: each file's outcome (mapped/rejected), transaction set count,
/// mapped claim count and distinct finding codes must equal its reviewed row in Corpus835Expectations.tsv, whose note
/// column explains each rejection and every place where we disagree with the file's source project.
/// </summary>
public sealed class Corpus835Tests
{
    private static readonly Lazy<Dictionary<string, string[]>> Expectations = new(Load);

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var row in Corpus.Files("x12"))
        {
            if (row.Data == Corpus.Absent || row.Data.StartsWith("x12/835/", StringComparison.Ordinal))
            {
                data.Add(row.Data);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Read_Corpus835_MatchesExpectedOutcome(string file)
    {
        var bytes = Corpus.ReadBytes(file);
        var results = HipaaReader.Read(bytes, new HipaaReaderOptions { FileName = Path.GetFileName(file) });

        var actual = Describe(results);
        Assert.True(Expectations.Value.TryGetValue(file, out var expected), $"{file} has no row in Corpus835Expectations.tsv; actual: {string.Join('\t', actual)}");
        Assert.Equal(string.Join('\t', expected!.Take(4)), string.Join('\t', actual));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task ReadAsync_Corpus835_YieldsTheSameResultsAsTheSpanReader(string file)
    {
        var bytes = Corpus.ReadBytes(file);
        var expected = HipaaReader.Read(bytes);
        var actual = new List<HipaaResult>();
        await using var stream = new MemoryStream(bytes);
        await foreach (var result in HipaaReader.ReadAsync(stream, new HipaaReaderOptions { BufferSize = 300 }, TestContext.Current.CancellationToken))
        {
            actual.Add(result);
        }

        Assert.Equal(Fingerprint.Of(expected), Fingerprint.Of(actual));
    }

    [Fact]
    public void Expectations_CoverEveryCorpus835File()
    {
        Corpus.RequireRoot();
        var files = Files().Select(r => r.Data).ToHashSet(StringComparer.Ordinal);
        var stale = Expectations.Value.Keys.Except(files).ToList();
        Assert.True(stale.Count == 0, "Rows without a corpus file: " + string.Join(", ", stale));
    }

    private static string[] Describe(IReadOnlyList<HipaaResult> results)
    {
        var outcome = results.Any(r => r.Outcome == HipaaOutcome.Rejected) ? "rejected" : "mapped";
        var claims = results.SelectMany(r => r.Events).OfType<RemittanceReceived>().Sum(r => r.Claims.Count);
        var codes = results.SelectMany(r => r.Diagnostics).Select(d => d.Code).Distinct().Order(StringComparer.Ordinal);
        return [outcome, results.Count.ToString(CultureInfo.InvariantCulture), claims.ToString(CultureInfo.InvariantCulture), string.Join(',', codes)];
    }

    private static Dictionary<string, string[]> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Remittance", "Corpus835Expectations.tsv");
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
