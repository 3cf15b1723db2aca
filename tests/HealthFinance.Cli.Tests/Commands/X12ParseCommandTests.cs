using System.Text.Json;
using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;
using HealthFinance.TestUtilities;

namespace HealthFinance.Cli.Tests.Commands;

public sealed class X12ParseCommandTests
{
    [Fact]
    public async Task Parse_835_WritesOneRemittancePerTransactionAsNdjson()
    {
        var path = CliRunner.TempFile(X12TestData.Interchange835(transactions: 2));

        var (code, output, error, _) = await CliRunner.RunAsync(["x12", "parse", path]);

        Assert.True(code == 0, error);
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            Assert.Equal("remittance", doc.RootElement.GetProperty("type").GetString());
            var remittance = Assert.IsType<RemittanceReceived>(CanonicalJson.Deserialize(line));
            Assert.Equal(150m, remittance.Payment.Amount.Amount);
            Assert.Single(remittance.Claims);
        }
    }

    [Fact]
    public async Task Parse_Unbalanced835_ExitsOneWithFindingOnStderr()
    {
        var text = X12TestData.Interchange835().Replace("BPR*I*150*", "BPR*I*151*", StringComparison.Ordinal);

        var (code, _, error, _) = await CliRunner.RunAsync(["x12", "parse", "-"], X12TestData.Bytes(text));

        Assert.Equal(1, code);
        Assert.Contains("HIPAA-", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_837P_WritesOneClaimPerClm()
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["x12", "parse", "-"], X12TestData.Bytes(X12TestData.Interchange837P()));

        Assert.True(code == 0, error);
        var line = Assert.Single(output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        var claim = Assert.IsType<ClaimSubmitted>(CanonicalJson.Deserialize(line));
        Assert.Equal("PCN-9001", claim.ClaimId.Value);
        Assert.Equal(125m, claim.TotalCharge.Amount);
        Assert.Equal([100m, 25m], claim.Lines.Select(l => l.Charge.Amount));
        Assert.Equal("LINE-1", claim.Lines[0].LineItemControlNumber);
    }

    [Fact]
    public async Task Parse_837PWithTotalOffItsLines_ExitsOneAndStillWritesTheClaim()
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["x12", "parse", "-"], X12TestData.Bytes(X12TestData.Interchange837P(claimCharge: "130")));

        Assert.Equal(1, code);
        Assert.Single(output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("HIPAA-0401 error:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_277CA_WritesTheClaimStatus()
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["x12", "parse", "-"], X12TestData.Bytes(X12TestData.Interchange277CA()));

        Assert.True(code == 0, error);
        var status = Assert.IsType<ClaimStatusReported>(CanonicalJson.Deserialize(Assert.Single(output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))));
        Assert.Equal("PCN-9001", status.ClaimId.Value);
        Assert.Equal(ClaimStatusAction.Rejected, status.Action);
        Assert.Equal("PAYERICN-9001", status.PayerClaimControlNumber?.Value);
    }

    [Fact]
    public async Task Parse_999_WritesTheAcknowledgment()
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["x12", "parse", "-"], X12TestData.Bytes(X12TestData.Interchange999()));

        Assert.True(code == 0, error);
        var ack = Assert.IsType<AcknowledgmentReceived>(CanonicalJson.Deserialize(Assert.Single(output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))));
        Assert.Equal(AcknowledgmentStatus.Rejected, ack.Status);
        Assert.Equal("17", ack.AcknowledgedControlNumber);
        var transaction = Assert.Single(ack.Transactions);
        Assert.Equal("CLM", Assert.Single(transaction.SegmentErrors).SegmentId);
    }

    [Fact]
    public async Task Parse_UnsupportedTransactionSet_SaysSoOnStderrWithItsCode()
    {
        var text = X12TestData.Interchange999().Replace("ST*999*0001*005010X231A1", "ST*834*0001*005010X220A1", StringComparison.Ordinal);

        var (code, output, error, _) = await CliRunner.RunAsync(["x12", "parse", "-"], X12TestData.Bytes(text));

        Assert.Equal(0, code);
        Assert.Equal("", output);
        Assert.StartsWith("HIPAA-0001 info:", error, StringComparison.Ordinal);
        Assert.Contains("transaction set 834 0001 is not mapped", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("definitely not x12")]
    public async Task Parse_Unreadable_ExitsOne(string content)
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["x12", "parse", "-"], System.Text.Encoding.ASCII.GetBytes(content));

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.NotEqual("", error);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
