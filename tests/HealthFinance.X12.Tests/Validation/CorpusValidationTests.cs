using HealthFinance.TestUtilities;
using HealthFinance.X12.Validation;

namespace HealthFinance.X12.Tests.Validation;

/// <summary>
/// The shared corpus as an external conformance suite: every X12 file validates to the outcome and error
/// codes in CorpusValidationExpectations.tsv (reviewed by hand; its last column says why we reject files
/// their source calls valid), and every rejection carries positioned findings.
/// </summary>
public sealed class CorpusValidationTests
{
    private static readonly Dictionary<string, (string Outcome, string Codes)> Expectations = LoadExpectations();

    public static TheoryData<string> CorpusFiles() => Corpus.Files("x12");

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Validate_CorpusFile_MatchesReviewedOutcome(string file)
    {
        var bytes = Corpus.ReadBytes(file);
        Assert.True(Expectations.TryGetValue(file, out var expected), $"{file} has no row in CorpusValidationExpectations.tsv; review it and add one.");

        var result = X12Validator.Validate(bytes);

        var codes = string.Join(",", result.Diagnostics.Where(d => d.IsError).Select(d => d.Code).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(expected.Outcome, result.IsValid ? "valid" : "invalid");
        Assert.Equal(expected.Codes, codes);
        Assert.All(result.Diagnostics, d => Assert.NotNull(d.Location.SegmentIndex));
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task ValidateAsync_CorpusFile_AgreesWithSpanValidation(string file)
    {
        var bytes = Corpus.ReadBytes(file);
        var expected = X12Validator.Validate(bytes);

        await using var stream = new MemoryStream(bytes);
        var actual = await X12Validator.ValidateAsync(stream, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(expected.Diagnostics.Select(d => d.ToString()), actual.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Expectations_CoverEveryCorpusFile()
    {
        var root = Corpus.RequireRoot();
        var files = Corpus.Files("x12").Select(row => row.Data).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(files);
        Assert.Empty(Expectations.Keys.Except(files));
        Assert.Empty(files.Except(Expectations.Keys));
        Assert.True(Directory.Exists(root));
    }

    private static Dictionary<string, (string, string)> LoadExpectations()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Validation", "CorpusValidationExpectations.tsv");
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var parts = line.Split('\t');
            result["x12/" + parts[0]] = (parts[1], parts[2]);
        }

        return result;
    }
}
