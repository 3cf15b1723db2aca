using HealthFinance.TestUtilities;
using static HealthFinance.X12.Hipaa.Tests.Claims.ClaimFixtures;

namespace HealthFinance.X12.Hipaa.Tests.Claims;

/// <summary>
/// The shared corpus (x12/837P, 837I, 837D, 277CA, 999) as a conformance suite for the claim-side maps: every file
/// reads to the outcome, claim count, event count and finding codes in CorpusClaimsExpectations.tsv (reviewed by
/// hand; its last column says where we disagree with the source).
/// </summary>
public sealed class CorpusClaimsTests
{
    private static readonly string[] Folders = ["837P", "837I", "837D", "277CA", "999"];
    private static readonly Dictionary<string, string[]> Expectations = LoadExpectations();

    public static TheoryData<string> CorpusFiles()
    {
        var rows = new TheoryData<string>();
        foreach (var row in Corpus.Files("x12"))
        {
            if (row.Data == Corpus.Absent || Folders.Any(f => row.Data.StartsWith($"x12/{f}/", StringComparison.Ordinal)))
            {
                rows.Add(row.Data);
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Read_CorpusFile_MatchesReviewedOutcome(string file)
    {
        var bytes = Corpus.ReadBytes(file);
        Assert.True(Expectations.TryGetValue(file, out var expected), $"{file} has no row in CorpusClaimsExpectations.tsv; review it and add one.");

        var result = HealthFinance.X12.Hipaa.Claims.X12ClaimReader.Read(bytes, Path.GetFileName(file));

        var outcome = result.HasUnsupportedTransactions ? "unsupported" : result.IsValid ? "mapped" : "rejected";
        Assert.Equal(expected[0], outcome);
        Assert.Equal(expected[1], result.ClaimCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected[2], result.Events.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected[3], Codes(result));
        Assert.All(result.Diagnostics, d => Assert.NotNull(d.Location.SegmentIndex));
    }

    [Fact]
    public void Expectations_CoverEveryClaimSideCorpusFile()
    {
        Corpus.RequireRoot();
        var files = CorpusFiles().Select(row => row.Data).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(files);
        Assert.Empty(Expectations.Keys.Except(files));
        Assert.Empty(files.Except(Expectations.Keys));
    }

    private static Dictionary<string, string[]> LoadExpectations()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Claims", "CorpusClaimsExpectations.tsv");
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var parts = line.Split('\t');
            result["x12/" + parts[0]] = parts[1..5];
        }

        return result;
    }
}
