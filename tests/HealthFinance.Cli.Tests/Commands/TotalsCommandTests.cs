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
}
