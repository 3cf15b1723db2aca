using System.Text;
using System.Text.Json;
using HealthFinance.TestUtilities;

namespace HealthFinance.Cli.Tests.Commands;

public sealed class X12ValidateCommandTests
{
    [Fact]
    public async Task Validate_ValidFile_ExitsZeroWithSummary()
    {
        var path = CliRunner.TempFile(X12TestData.Interchange835(transactions: 2));

        var (code, output, error, _) = await CliRunner.RunAsync(["x12", "validate", path]);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal("valid: 0 errors, 0 warnings; 1 interchanges, 1 groups, 2 transaction sets, 34 segments, " + new FileInfo(path).Length + " bytes" + Environment.NewLine, output);
    }

    [Fact]
    public async Task Validate_InvalidFile_ExitsOneWithOneLinePerFinding()
    {
        var text = X12TestData.Interchange835()
            .Replace("SE*15*0001", "SE*14*0001", StringComparison.Ordinal)
            .Replace("AMT*B6*170", "AMT*B6*1X0", StringComparison.Ordinal);
        var path = CliRunner.TempFile(text);

        var (code, output, _, _) = await CliRunner.RunAsync(["x12", "validate", path, "--syntax-only"]);

        Assert.Equal(1, code);
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("X12-0207 error: AMT02 is not a decimal number. ST*0001/AMT[14]/AMT02 | Segment: 15 (AMT) | Element: 2 | Byte: ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("X12-0123 error: SE01 declares 14 segments;", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("invalid: 2 errors", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_InvalidFile_AddsHipaaFindingsAfterSyntaxFindingsWithoutRepeatingEnvelopeOnes()
    {
        var text = X12TestData.Interchange835()
            .Replace("SE*15*0001", "SE*14*0001", StringComparison.Ordinal)
            .Replace("AMT*B6*170", "AMT*B6*1X0", StringComparison.Ordinal);
        var path = CliRunner.TempFile(text);

        var (code, output, _, _) = await CliRunner.RunAsync(["x12", "validate", path]);

        Assert.Equal(1, code);
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["X12-0207", "X12-0123", "HIPAA-0202"], lines[..^1].Select(l => l[..l.IndexOf(' ', StringComparison.Ordinal)]));
        Assert.Contains("AMT02", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("invalid: 3 errors", lines[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Validate_Unbalanced835_IsInvalidUnlessSyntaxOnly(bool stdin)
    {
        // BPR02 151 differs from Σ CLP04 − Σ PLB = 150: syntax and envelope are fine, the transaction does not balance.
        var text = X12TestData.Interchange835().Replace("BPR*I*150*", "BPR*I*151*", StringComparison.Ordinal);
        var path = stdin ? "-" : CliRunner.TempFile(text);

        var (code, output, error, _) = await CliRunner.RunAsync(["x12", "validate", path], X12TestData.Bytes(text));
        var (syntaxCode, syntaxOutput, _, _) = await CliRunner.RunAsync(["x12", "validate", path, "--syntax-only"], X12TestData.Bytes(text));

        Assert.True(code == 1, output + error);
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("HIPAA-0303 error:", Assert.Single(lines, l => l.StartsWith("HIPAA-", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.StartsWith("invalid: 1 errors, 0 warnings; 1 interchanges", lines[^1], StringComparison.Ordinal);
        Assert.Equal(0, syntaxCode);
        Assert.StartsWith("valid: 0 errors", syntaxOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Validate_837PWithTotalOffItsLines_IsInvalid(bool json)
    {
        string[] args = json ? ["x12", "validate", "-", "--json"] : ["x12", "validate", "-"];

        var (code, output, _, _) = await CliRunner.RunAsync(args, X12TestData.Bytes(X12TestData.Interchange837P(claimCharge: "130")));

        Assert.Equal(1, code);
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        if (json)
        {
            using var finding = JsonDocument.Parse(lines[0]);
            Assert.Equal("HIPAA-0401", finding.RootElement.GetProperty("code").GetString());
            Assert.Equal("ST*0001/CLM[1]/CLM02", finding.RootElement.GetProperty("path").GetString());
            Assert.Equal(2, finding.RootElement.GetProperty("elementPosition").GetInt32());
            using var summary = JsonDocument.Parse(lines[1]);
            Assert.True(summary.RootElement.GetProperty("hipaa").GetBoolean());
            Assert.Equal(1, summary.RootElement.GetProperty("hipaaErrors").GetInt32());
            Assert.Equal(1, summary.RootElement.GetProperty("rejected").GetInt32());
        }
        else
        {
            Assert.StartsWith("HIPAA-0401 error:", lines[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Validate_Valid837P277CAAnd999_ExitZero()
    {
        foreach (var text in new[] { X12TestData.Interchange837P(), X12TestData.Interchange277CA(), X12TestData.Interchange999() })
        {
            var (code, output, _, _) = await CliRunner.RunAsync(["x12", "validate", "-"], X12TestData.Bytes(text));

            Assert.True(code == 0, output);
            Assert.StartsWith("valid: 0 errors, 0 warnings", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Validate_Json_WritesNdjsonFindingsAndSummary()
    {
        var text = X12TestData.Interchange835().Replace("SE*15*0001", "SE*14*0001", StringComparison.Ordinal);

        var (code, output, _, _) = await CliRunner.RunAsync(["x12", "validate", "-", "--json"], X12TestData.Bytes(text));

        Assert.Equal(1, code);
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var finding = JsonDocument.Parse(lines[0]);
        Assert.Equal("finding", finding.RootElement.GetProperty("type").GetString());
        Assert.Equal("X12-0123", finding.RootElement.GetProperty("code").GetString());
        Assert.Equal("error", finding.RootElement.GetProperty("severity").GetString());
        Assert.Equal(16, finding.RootElement.GetProperty("segmentIndex").GetInt64());
        Assert.Equal("SE", finding.RootElement.GetProperty("segmentId").GetString());
        Assert.Equal(1, finding.RootElement.GetProperty("elementPosition").GetInt32());
        Assert.Equal(text.IndexOf("SE*14", StringComparison.Ordinal) + 3, finding.RootElement.GetProperty("byteOffset").GetInt64());
        using var summary = JsonDocument.Parse(lines[1]);
        Assert.Equal("summary", summary.RootElement.GetProperty("type").GetString());
        Assert.False(summary.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(1, summary.RootElement.GetProperty("errors").GetInt64());
    }

    [Fact]
    public async Task Validate_Ack999_WritesAcknowledgmentFile()
    {
        var path = CliRunner.TempFile(X12TestData.Interchange835());
        var ackPath = Path.ChangeExtension(path, ".999");

        var (code, _, _, _) = await CliRunner.RunAsync(["x12", "validate", path, "--ack", "999", "--ack-out", ackPath]);

        Assert.Equal(0, code);
        var ack = File.ReadAllText(ackPath, Encoding.ASCII);
        Assert.Contains("ST*999*0001*005010X231A1~", ack, StringComparison.Ordinal);
        Assert.Contains("AK9*A*1*1*1~", ack, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_AckTa1ToStdout_WritesTa1()
    {
        var path = CliRunner.TempFile(X12TestData.Interchange835().Replace("IEA*1*000000001", "IEA*1*000000002", StringComparison.Ordinal));

        var (code, _, _, binary) = await CliRunner.RunAsync(["x12", "validate", path, "--ack", "ta1", "--ack-out", "-"]);

        Assert.Equal(1, code);
        Assert.Contains("TA1*000000001*240101*1200*R*001~", Encoding.ASCII.GetString(binary), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage that is not X12")]
    [InlineData("ISA*00*    ")]
    public async Task Validate_UnreadableInput_ExitsOneWithFindingAndNoStackTrace(string content)
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["x12", "validate", "-"], Encoding.Latin1.GetBytes(content));

        Assert.Equal(1, code);
        Assert.StartsWith("X12-000", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MissingFile_ExitsTwo()
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["x12", "validate", "/nonexistent/file.x12"]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("healthfinance: cannot read '/nonexistent/file.x12':", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x12", "validate")]
    [InlineData("x12", "validate", "a.x12", "--ack", "997", "--ack-out", "b")]
    [InlineData("x12", "validate", "a.x12", "--ack", "999")]
    [InlineData("x12", "frobnicate")]
    public async Task Validate_UsageErrors_ExitTwo(params string[] args)
    {
        var (code, _, error, _) = await CliRunner.RunAsync(args);

        Assert.Equal(2, code);
        Assert.StartsWith("healthfinance: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsValidateOptions()
    {
        var (code, output, _, _) = await CliRunner.RunAsync(["x12", "validate", "--help"]);

        Assert.Equal(0, code);
        Assert.Contains("--ack-out", output, StringComparison.Ordinal);
        Assert.Contains("--json", output, StringComparison.Ordinal);
        Assert.Contains("--syntax-only", output, StringComparison.Ordinal);
    }
}
