using System.Text;
using HealthFinance.TestUtilities;
using Xunit;

namespace HealthFinance.Hl7v2.Tests;

/// <summary>Rewrites the checked-in expectation files when HF_REGENERATE=1 (review the diff before committing).</summary>
public sealed class RegenerateExpectations
{
    [Fact]
    public void Regenerate_WhenRequested()
    {
        if (Environment.GetEnvironmentVariable("HF_REGENERATE") != "1")
        {
            Assert.Skip("Set HF_REGENERATE=1 to rewrite CorpusHl7v2Expectations.tsv.");
        }

        var dir = Path.Combine(Corpus.RepositoryRoot, "tests", "HealthFinance.Hl7v2.Tests");
        var sb = new StringBuilder("file\tmessages\tevents\tack\tcodes\ttotals(messages/transactions/charges)\n");
        foreach (var row in Corpus.Files("hl7v2"))
        {
            var file = row.Data;
            sb.Append(file).Append('\t').Append(CorpusConformanceTests.Outcome(Corpus.ReadBytes(file))).Append('\n');
        }

        File.WriteAllText(Path.Combine(dir, "CorpusHl7v2Expectations.tsv"), sb.ToString());
        var golden = Hl7v2Parser.Parse(Hl7v2MappingTests.Bytes(Hl7v2MappingTests.GoldenInput), new Hl7v2ParserOptions { FileName = "dft.hl7" });
        File.WriteAllText(Path.Combine(dir, "TestData", "dft-golden.ndjson"), Hl7v2MappingTests.GoldenJson(golden[0]));
    }
}
