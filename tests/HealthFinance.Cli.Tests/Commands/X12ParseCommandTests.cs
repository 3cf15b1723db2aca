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
