using System.Text;
using System.Text.Json;
using HealthFinance.TestUtilities;

namespace HealthFinance.Cli.Tests.Commands;

public sealed class TotalsCommandTests
{
    [Fact]
    public async Task Totals_X12File_PrintsOneJsonObjectWithContractFields()
    {
        var path = CliRunner.TempFile(X12TestData.Interchange835(transactions: 2));

        var (code, output, error, _) = await CliRunner.RunAsync(["totals", path]);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        using var doc = JsonDocument.Parse(Assert.Single(lines));
        var root = doc.RootElement;
        Assert.Equal(
            ["format", "transactionSets", "interchanges", "groups", "transactions", "claims", "serviceLines", "totalBilled", "totalPaid",
             "totalPatientResponsibility", "claimAdjustments", "serviceAdjustments", "providerAdjustments", "paymentAmount", "balanced"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("x12", root.GetProperty("format").GetString());
        Assert.Equal(2, root.GetProperty("claims").GetInt32());
        Assert.Equal(400m, root.GetProperty("totalBilled").GetDecimal());
        Assert.Equal(300m, root.GetProperty("paymentAmount").GetDecimal());
        Assert.True(root.GetProperty("balanced").GetBoolean());
    }

    [Fact]
    public async Task Totals_Stdin_WithBomAndLeadingText_IsDetected()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(X12TestData.Bytes("\r\n" + X12TestData.Interchange835())).ToArray();

        var (code, output, _, _) = await CliRunner.RunAsync(["totals", "-"], bytes);

        Assert.Equal(0, code);
        Assert.StartsWith("{\"format\":\"x12\"", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello, world")]
    public async Task Totals_UnrecognizedOrUnsupported_ExitsOne(string content)
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["totals", "-"], Encoding.Latin1.GetBytes(content));

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith("healthfinance: '-' is ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Totals_TruncatedIsa_ExitsOneWithCode()
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["totals", "-"], Encoding.ASCII.GetBytes("ISA*00*          *00*"));

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("X12-0002", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Totals_MissingFile_ExitsTwo()
    {
        var (code, _, error, _) = await CliRunner.RunAsync(["totals", "/nonexistent/remit.835"]);

        Assert.Equal(2, code);
        Assert.StartsWith("healthfinance: cannot read", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Totals_FhirBundle_PrintsExactContractFields()
    {
        const string bundle = """
            {"resourceType":"Bundle","type":"collection","entry":[
              {"resource":{"resourceType":"Claim","status":"active","use":"claim","created":"2025-03-01",
                "type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},
                "patient":{"reference":"Patient/1"},"provider":{"reference":"Organization/1"},"priority":{"coding":[{"code":"normal"}]},
                "insurance":[{"sequence":1,"focal":true,"coverage":{"reference":"Coverage/1"}}],
                "item":[{"sequence":1,"productOrService":{"coding":[{"code":"99213"}]},"net":{"value":100.004,"currency":"USD"}},
                        {"sequence":2,"productOrService":{"coding":[{"code":"85025"}]},"net":{"value":20.50,"currency":"USD"}}]}},
              {"resource":{"resourceType":"PaymentReconciliation","status":"active","created":"2025-03-10","paymentDate":"2025-03-10",
                "paymentAmount":{"value":2436.80800000000013,"currency":"USD"}}}]}
            """;

        var (code, output, error, _) = await CliRunner.RunAsync(["totals", "-"], System.Text.Encoding.UTF8.GetBytes(bundle));

        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(
            ["format", "resources", "resourceTypes", "claims", "totalBilled", "eobs", "totalPaid", "paymentAmount"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("fhir", root.GetProperty("format").GetString());
        Assert.Equal(2, root.GetProperty("resources").GetInt32());
        Assert.Equal(1, root.GetProperty("resourceTypes").GetProperty("Claim").GetInt32());
        Assert.Equal(120.50m, root.GetProperty("totalBilled").GetDecimal());
        Assert.Equal(2436.81m, root.GetProperty("paymentAmount").GetDecimal());
    }

    [Fact]
    public async Task Totals_BrokenFhirJson_ExitsOneWithPositionedFinding()
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["totals", "-"], System.Text.Encoding.UTF8.GetBytes("{\"resourceType\":\"Claim\",\n  \"status\": "));

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("FHIR-", error, StringComparison.Ordinal);
        Assert.Contains("Line: 2", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journal_IsRegistered_AndPostsAn835()
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["journal", "-"], X12TestData.Bytes(X12TestData.Interchange835()));

        Assert.True(code == 0, error);
        Assert.Contains("\"role\":\"cash-clearing\"", output, StringComparison.Ordinal);
    }
}
