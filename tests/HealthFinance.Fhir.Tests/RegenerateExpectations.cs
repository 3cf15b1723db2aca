using System.Text;
using HealthFinance.TestUtilities;

namespace HealthFinance.Fhir.Tests;

/// <summary>Rewrites the checked-in expectation files when HF_REGENERATE=1 (review the diff before committing).</summary>
public sealed class RegenerateExpectations
{
    [Fact]
    public void Regenerate_WhenRequested()
    {
        if (Environment.GetEnvironmentVariable("HF_REGENERATE") != "1")
        {
            Assert.Skip("Set HF_REGENERATE=1 to rewrite CorpusFhirExpectations.tsv and the golden NDJSON.");
        }

        var dir = Path.Combine(Corpus.RepositoryRoot, "tests", "HealthFinance.Fhir.Tests");
        var sb = new StringBuilder("file\troot\tevents\terrors\twarnings\tinformation\tstrict(events/SDK errors)\ttotals(resources/claims/billed/eobs/paid/payment)\n");
        foreach (var row in Corpus.Files("fhir"))
        {
            var file = row.Data;
            sb.Append(file).Append('\t').Append(CorpusConformanceTests.Outcome(Corpus.ReadBytes(file))).Append('\n');
        }

        File.WriteAllText(Path.Combine(dir, "CorpusFhirExpectations.tsv"), sb.ToString());
        File.WriteAllText(Path.Combine(dir, "TestData", "remittance-bundle.golden.ndjson"), GoldenTests.Golden("remittance-bundle.json"));
        File.WriteAllText(Path.Combine(dir, "TestData", "charges-bundle.golden.ndjson"), GoldenTests.Golden("charges-bundle.json"));
    }
}
