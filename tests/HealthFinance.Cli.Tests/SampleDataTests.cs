using System.Text.Json;
using HealthFinance.TestUtilities;

namespace HealthFinance.Cli.Tests;

/// <summary>
/// The Riverbend Health sample business day in samples/data (see its README): every X12 file validates without a finding,
/// every 835 balances, the HL7 and FHIR files read without errors, and the journal dry run over the X12 and HL7 files posts
/// everything except the one deliberately unmapped facility.
/// </summary>
public sealed class SampleDataTests
{
    private static readonly string Folder = Path.Combine(Corpus.RepositoryRoot, "samples", "data");

    private static readonly string[] X12Extensions = [".837", ".835", ".999", ".277"];

    public static TheoryData<string> X12Files => [.. Files(X12Extensions)];

    public static TheoryData<string> RemittanceFiles => [.. Files(".835")];

    private static IEnumerable<string> Files(params string[] extensions) =>
        Directory.EnumerateFiles(Folder)
            .Where(f => extensions.Contains(Path.GetExtension(f), StringComparer.Ordinal))
            .Select(f => Path.GetFileName(f))
            .Order(StringComparer.Ordinal);

    private static string PathOf(string name) => Path.Combine(Folder, name);

    private static string[] Lines(string text) => text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Folder_HoldsEveryKindOfInput()
    {
        var names = Directory.EnumerateFiles(Folder).Select(f => Path.GetFileName(f)).ToList();

        foreach (var extension in new[] { ".837", ".835", ".999", ".277", ".hl7", ".fhir.json", ".csv" })
        {
            Assert.Contains(names, n => n.EndsWith(extension, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(X12Files))]
    public async Task X12File_ValidatesWithoutAnyFinding(string name)
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["x12", "validate", PathOf(name), "--json"]);

        Assert.True(code == 0, output + error);
        using var summary = JsonDocument.Parse(Assert.Single(Lines(output)));
        var root = summary.RootElement;
        Assert.Equal("summary", root.GetProperty("type").GetString());
        Assert.True(root.GetProperty("valid").GetBoolean());
        Assert.Equal(0, root.GetProperty("errors").GetInt32());
        Assert.Equal(0, root.GetProperty("warnings").GetInt32());
        Assert.True(root.GetProperty("hipaa").GetBoolean());
        Assert.Equal(0, root.GetProperty("hipaaErrors").GetInt32());
        Assert.Equal(0, root.GetProperty("hipaaWarnings").GetInt32());
        Assert.Equal(0, root.GetProperty("rejected").GetInt32());
        Assert.Equal(0, root.GetProperty("notMapped").GetInt32());
    }

    [Theory]
    [MemberData(nameof(X12Files))]
    public async Task X12File_ParsesWithoutFindings(string name)
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["x12", "parse", PathOf(name)]);

        Assert.True(code == 0, error);
        Assert.Equal("", error);
        Assert.NotEmpty(Lines(output));
    }

    [Theory]
    [MemberData(nameof(RemittanceFiles))]
    public async Task Remittance_TotalsBalance(string name)
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["totals", PathOf(name)]);

        Assert.True(code == 0, error);
        using var totals = JsonDocument.Parse(Assert.Single(Lines(output)));
        Assert.True(totals.RootElement.GetProperty("balanced").GetBoolean(), output);
    }

    [Fact]
    public async Task Charges_ParseWithoutErrors()
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["hl7", "parse", PathOf("06-charges.hl7")]);

        Assert.True(code == 0, error);
        Assert.Equal("", error);
        var types = Lines(output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("type").GetString()).ToList();
        Assert.Equal(4, types.Count(t => t == "charge"));
    }

    [Fact]
    public async Task FhirRemittance_ParsesStrictlyToOneRemittance()
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["fhir", "parse", "--strict", PathOf("07-remittance.fhir.json")]);

        Assert.True(code == 0, error);
        Assert.DoesNotContain(" error", error, StringComparison.Ordinal);
        using var remittance = JsonDocument.Parse(Assert.Single(Lines(output)));
        var root = remittance.RootElement;
        Assert.Equal("remittance", root.GetProperty("type").GetString());
        Assert.Equal(81.50m, root.GetProperty("payment").GetProperty("amount").GetProperty("amount").GetDecimal());
        var claim = Assert.Single(root.GetProperty("claims").EnumerateArray());
        Assert.Equal("HA7104155", claim.GetProperty("claimId").GetString());
    }

    [Fact]
    public async Task Journal_PostsEverythingButTheUnmappedFacility()
    {
        // The order of `healthfinance journal samples/data/*.837 samples/data/*.835 samples/data/*.hl7`: the earlier
        // payment (00b) is read before the reversal that mirrors it.
        string[] inputs = [.. Files(".837"), .. Files(".835"), .. Files(".hl7")];

        var (code, output, error, _) = await CliRunner.RunAsync(["journal", .. inputs.Select(PathOf)]);

        Assert.True(code == 0, error);
        var stderr = Lines(error);

        // Exactly one quarantine: the DFT charge of the Westside facility the rules do not map.
        var quarantined = Assert.Single(stderr, l => l.Contains(": quarantined ", StringComparison.Ordinal));
        Assert.StartsWith("06-charges.hl7: quarantined message DFT^P03 event hl7v2:RRHC250313000219:charge: POST-0102", quarantined, StringComparison.Ordinal);
        var finding = Assert.Single(stderr, l => l.Contains(" error: ", StringComparison.Ordinal));
        Assert.Contains("POST-0102", finding, StringComparison.Ordinal);
        Assert.Contains("facilities[id=RRH-WEST]", finding, StringComparison.Ordinal);
        Assert.DoesNotContain(stderr, l => l.Contains(" warning: ", StringComparison.Ordinal));

        // The denial posts nothing; the reversal found its original (no POST-0108/0109 suspense).
        Assert.Single(stderr, l => l.Contains("POST-0107", StringComparison.Ordinal));
        Assert.Contains("1 quarantined", stderr[^1], StringComparison.Ordinal);

        // Every journal balances, and the cash each posted 835 moves through cash-clearing is its BPR02.
        var lines = Lines(output).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        foreach (var journal in lines.GroupBy(l => l.GetProperty("journalId").GetString()))
        {
            Assert.Equal(journal.Sum(l => l.GetProperty("debit").GetDecimal()), journal.Sum(l => l.GetProperty("credit").GetDecimal()));
        }

        foreach (var remittance in Files(".835"))
        {
            var (_, totals, _, _) = await CliRunner.RunAsync(["totals", PathOf(remittance)]);
            var paid = JsonDocument.Parse(totals).RootElement.GetProperty("paymentAmount").GetDecimal();
            var cash = lines
                .Where(l => l.GetProperty("source").GetProperty("file").GetString() == remittance && l.GetProperty("role").GetString() == "cash-clearing")
                .Sum(l => l.GetProperty("debit").GetDecimal() - l.GetProperty("credit").GetDecimal());
            Assert.Equal(paid, cash);
        }
    }
}
