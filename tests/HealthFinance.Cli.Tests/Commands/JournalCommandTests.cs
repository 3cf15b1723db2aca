using System.CommandLine;
using System.Text;
using System.Text.Json;
using HealthFinance.Cli.Commands;
using HealthFinance.TestUtilities;

namespace HealthFinance.Cli.Tests.Commands;

public sealed class JournalCommandTests
{
    private static async Task<(int Code, string Out, string Error)> RunAsync(string[] args, byte[]? stdin = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error, () => new MemoryStream(stdin ?? []), () => new MemoryStream());
        var root = new RootCommand { JournalCommand.Create(console) };
        var code = await root.Parse(["journal", .. args]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    private static List<JsonElement> Lines(string output) =>
        [.. output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    [Fact]
    public async Task Journal_835WithSampleRules_PrintsBalancedDimensionedLines()
    {
        var (code, output, error) = await RunAsync(["-"], X12TestData.Bytes(X12TestData.Interchange835()));

        Assert.True(code == 0, error);
        var lines = Lines(output);
        Assert.Equal(6, lines.Count);
        foreach (var line in lines)
        {
            foreach (var field in new[] { "journalId", "lineNumber", "accountingDate", "legalEntity", "currency", "role", "account", "debit", "credit", "dimensions", "idempotencyKey", "source" })
            {
                Assert.True(line.TryGetProperty(field, out _), $"{field} missing in {line}");
            }

            Assert.Equal("RPG", line.GetProperty("legalEntity").GetString());
            Assert.Equal("2024-01-05", line.GetProperty("accountingDate").GetString());
            Assert.Equal("USD", line.GetProperty("currency").GetString());
            Assert.Equal("commercial", line.GetProperty("dimensions").GetProperty("payerClass").GetString());
            Assert.False(line.GetProperty("dimensions").TryGetProperty("claimId", out _));
            Assert.Equal("PCN001", line.GetProperty("references").GetProperty("claimId").GetString());
        }

        Assert.Equal([1, 2, 3, 4, 5, 6], lines.Select(l => l.GetProperty("lineNumber").GetInt32()));
        Assert.Equal(
            ["cash-clearing", "payer-ar", "contractual-allowance", "payer-ar", "patient-ar", "payer-ar"],
            lines.Select(l => l.GetProperty("role").GetString()));
        Assert.Equal(["1015", "1200", "4100", "1200", "1210", "1200"], lines.Select(l => l.GetProperty("account").GetString()));
        Assert.Equal(200m, lines.Sum(l => l.GetProperty("debit").GetDecimal()));
        Assert.Equal(200m, lines.Sum(l => l.GetProperty("credit").GetDecimal()));
        Assert.Equal(150m, lines.Where(l => l.GetProperty("role").GetString() == "cash-clearing").Sum(l => l.GetProperty("debit").GetDecimal() - l.GetProperty("credit").GetDecimal()));
        Assert.Contains("1 posted (6 journal lines), 0 quarantined", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journal_SameFileTwice_PostsOnce()
    {
        var path = CliRunner.TempFile(X12TestData.Interchange835());

        var (code, output, error) = await RunAsync([path, path]);

        Assert.True(code == 0, error);
        Assert.Equal(6, Lines(output).Count);
        Assert.Contains("VAL-0007", error, StringComparison.Ordinal);
        Assert.Contains("1 duplicates skipped", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journal_UnmappedPayee_IsQuarantinedWithTheMissingRow_AndExitsZero()
    {
        var text = X12TestData.Interchange835().Replace("*XX*1234567893", "*XX*1987654328", StringComparison.Ordinal);

        var (code, output, error) = await RunAsync(["-"], X12TestData.Bytes(text));

        Assert.Equal(0, code);
        Assert.Empty(output);
        Assert.Contains("POST-0102", error, StringComparison.Ordinal);
        Assert.Contains("providers[id=1987654328]", error, StringComparison.Ordinal);
        Assert.Contains("quarantined 835 0001", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journal_Unbalanced835_IsQuarantined_NotPosted()
    {
        var text = X12TestData.Interchange835().Replace("BPR*I*150*", "BPR*I*151*", StringComparison.Ordinal);

        var (code, output, error) = await RunAsync(["-"], X12TestData.Bytes(text));

        Assert.Equal(0, code);
        Assert.Empty(output);
        Assert.Contains("quarantined 835 0001", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journal_RulesFileWithAnError_ExitsTwoWithItsPosition()
    {
        var rules = CliRunner.TempFile("{\n  \"version\": \"v1\",\n  \"effectiveFrom\": \"2024-01-01\",\n  \"legalEntities\": 3\n}", ".json");

        var (code, output, error) = await RunAsync(["-", "--rules", rules], X12TestData.Bytes(X12TestData.Interchange835()));

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("POST-0002", error, StringComparison.Ordinal);
        Assert.Contains("$.legalEntities", error, StringComparison.Ordinal);
        Assert.Contains("Line: 4", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journal_SampleRulesGivenExplicitly_AreTheDefault()
    {
        var root = Corpus.RepositoryRoot;
        var files = new[] { "riverbend-core.json", "riverbend-reference.json" }.Select(f => Path.Combine(root, "samples", "rules", f)).ToArray();
        var input = X12TestData.Bytes(X12TestData.Interchange835());

        var explicitRules = await RunAsync(["-", "--rules", files[0], "--rules", files[1]], input);
        var defaultRules = await RunAsync(["-"], input);

        Assert.Equal(0, explicitRules.Code);
        Assert.Equal(defaultRules.Out, explicitRules.Out);
    }

    private static string Ft1(params (int Field, string Value)[] fields)
    {
        var values = new string[26];
        Array.Fill(values, string.Empty);
        values[0] = "FT1";
        foreach (var (field, value) in fields)
        {
            values[field] = value;
        }

        return string.Join('|', values);
    }

    [Fact]
    public async Task Journal_Hl7ChargeAndPayment_PostToTheHospitalOfTheAccountsFacility()
    {
        string[] segments =
        [
            "MSH|^~\\&|PAS|RRH|FIN|RBH|20240610101500||DFT^P03|DFT0001|P|2.5.1",
            "PID|1||MRN9||TEST^PAT|||||||||||||ACCT9",
            "PV1|1|E|ED^1^A^RRH-ED|||||||||||||||EM|VIS9",
            Ft1((1, "1"), (4, "20240610"), (6, "CG"), (7, "99284"), (10, "1"), (11, "900.00"), (13, "H450"), (25, "99284^^CPT")),
            Ft1((1, "2"), (4, "20240610"), (6, "PY"), (7, "CASH"), (10, "1"), (11, "-50.00")),
        ];

        var (code, output, error) = await RunAsync(["-"], Encoding.UTF8.GetBytes(string.Join('\r', segments) + "\r"));

        Assert.True(code == 0, error);
        var lines = Lines(output);
        Assert.Equal(
            [("unbilled-ar", 900m, 0m), ("gross-revenue", 0m, 900m), ("cash-clearing", 50m, 0m), ("patient-ar", 0m, 50m)],
            lines.Select(l => (l.GetProperty("role").GetString(), l.GetProperty("debit").GetDecimal(), l.GetProperty("credit").GetDecimal())));
        Assert.All(lines, l => Assert.Equal("RBH", l.GetProperty("legalEntity").GetString()));
        Assert.Equal("emergency", lines[1].GetProperty("dimensions").GetProperty("serviceLine").GetString());
        Assert.Equal("DFT0001", lines[0].GetProperty("source").GetProperty("messageControlId").GetString());
        Assert.Equal("ACCT9", lines[3].GetProperty("references").GetProperty("patientAccount").GetString());
    }

    [Fact]
    public async Task Journal_UnknownFormat_ExitsOne()
    {
        var (code, _, error) = await RunAsync(["-"], Encoding.UTF8.GetBytes("hello, world"));

        Assert.Equal(1, code);
        Assert.Contains("neither X12 nor HL7 v2", error, StringComparison.Ordinal);
    }
}
