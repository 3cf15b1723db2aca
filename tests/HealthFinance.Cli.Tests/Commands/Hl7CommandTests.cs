using System.Text;
using System.Text.Json;
using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Cli.Tests.Commands;

public sealed class Hl7CommandTests
{
    private const string Head = "MSH|^~\\&|SEND|FAC|RECV|RFAC|20250314083512||DFT^P03|CTRL1|P|2.5.1\rPID|1||MRN1||DOE^JANE|||||||||||||ACCT1\rPV1|1|O|CARD^214^B^SMC|||||||||||||||OP|VIS1\r";

    private const string Dft = Head
        + "FT1|1|TX1||20250314080000|20250315|CG|93000^ECG^C4|||2|290.00&USD|145.00&USD|CARD\r"
        + "FT1|2|TX2||20250314||CG|J1100^DEX^HCPCS|||3||12.50\r"
        + "FT1|3|TX3||20250314||CD|J1100^DEX^HCPCS|||1|-12.75\r"
        + "FT1|4|TX4||20250314||PY|CASH|||||50.00\r"
        + "FT1|5|TX5||20250314||AJ|WO^SMALL BALANCE|||1|5.00\r";

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public async Task Totals_Hl7_PrintsExactContractFields()
    {
        var second = Dft.Replace("CTRL1", "CTRL2", StringComparison.Ordinal);
        var bar = "MSH|^~\\&|S|F|R|RF|20250314||BAR^P01|CTRL3|P|2.3\rPID|1||MRN2||DOE^JOHN|||||||||||||ACCT2\r";

        var (code, output, error, _) = await CliRunner.RunAsync(["totals", "-"], Bytes(Dft + second.Replace("\r", "\n", StringComparison.Ordinal) + bar));

        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(
            ["format", "messages", "messageTypes", "transactions", "totalCharges", "totalCredits", "totalPayments", "totalAdjustments"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("hl7v2", root.GetProperty("format").GetString());
        Assert.Equal(3, root.GetProperty("messages").GetInt32());
        Assert.Equal(["BAR^P01", "DFT^P03"], root.GetProperty("messageTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(10, root.GetProperty("transactions").GetInt32());
        Assert.Equal(2 * (290.00m + 37.50m), root.GetProperty("totalCharges").GetDecimal());
        Assert.Equal(-25.50m, root.GetProperty("totalCredits").GetDecimal());
        Assert.Equal(100.00m, root.GetProperty("totalPayments").GetDecimal());
        Assert.Equal(10.00m, root.GetProperty("totalAdjustments").GetDecimal());
    }

    [Fact]
    public async Task Totals_Hl7InMllpFrames_IsDetected()
    {
        var framed = new byte[] { 0x0B }.Concat(Bytes(Dft)).Concat(new byte[] { 0x1C, 0x0D }).ToArray();

        var (code, output, error, _) = await CliRunner.RunAsync(["totals", "-"], framed);

        Assert.True(code == 0, error);
        Assert.StartsWith("{\"format\":\"hl7v2\",\"messages\":1,", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Totals_Hl7WithUnreadableAmount_ExitsOneWithPositionedFinding()
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["totals", "-"], Bytes(Head + "FT1|1|||20250314||CG|X|||1|12,00\r"));

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("HL7-0102", error, StringComparison.Ordinal);
        Assert.Contains("FT1-11", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_Dft_WritesCanonicalNdjson()
    {
        var path = CliRunner.TempFile(Dft, ".hl7");

        var (code, output, error, _) = await CliRunner.RunAsync(["hl7", "parse", path]);

        Assert.True(code == 0, error);
        var events = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Select(CanonicalJson.Deserialize).ToList();
        var charge = Assert.IsType<ChargeCaptured>(events[0]);
        Assert.Equal(3, charge.Lines.Count);
        Assert.Equal(Path.GetFileName(path), charge.Source.FileName);
        Assert.Contains(events, e => e is PatientPaymentReceived);
        Assert.Contains(events, e => e is AccountAdjusted);
    }

    [Fact]
    public async Task Parse_BadMessageAmongGood_ExitsOneAndKeepsTheGoodOnes()
    {
        var bad = Head.Replace("CTRL1", "CTRL9", StringComparison.Ordinal) + "FT1|1|||20250314||XX|X|||1|1.00\r";

        var (code, output, error, _) = await CliRunner.RunAsync(["hl7", "parse", "-"], Bytes(Dft + bad));

        Assert.Equal(1, code);
        Assert.Contains("\"charge", output, StringComparison.Ordinal);
        Assert.Contains("HL7-0103", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "healthfinance: '-' holds no HL7 v2 message.")]
    [InlineData("not hl7 at all", "HL7-0001 error: ")]
    public async Task Parse_NoMessage_ExitsOne(string content, string expectedError)
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["hl7", "parse", "-"], Bytes(content));

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith(expectedError, error, StringComparison.Ordinal);
    }
}
