using System.Text;
using HealthFinance.TestUtilities;
using HealthFinance.X12.Acknowledgments;
using HealthFinance.X12.Validation;
using Microsoft.Extensions.Time.Testing;

namespace HealthFinance.X12.Tests.Acknowledgments;

public sealed class X12AcknowledgmentGeneratorTests
{
    private static readonly X12AcknowledgmentOptions Options = new()
    {
        TimeProvider = new FakeTimeProvider(new DateTimeOffset(2024, 2, 3, 4, 5, 0, TimeSpan.Zero)),
        InterchangeControlNumber = 7,
        GroupControlNumber = 70,
    };

    private static string[] Segments(byte[] ack) =>
        Encoding.ASCII.GetString(ack).Split("~\n", StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Create999_AcceptedInterchange_AcknowledgesEveryTransactionSet()
    {
        var result = X12Validator.Validate(X12TestData.Bytes(X12TestData.Interchange835(transactions: 2)));

        var ack = X12AcknowledgmentGenerator.Create999(result.Interchanges[0], Options);

        Assert.Equal(
            [
                "ISA*00*          *00*          *ZZ*RECEIVER       *ZZ*SENDER         *240203*0405*^*00501*000000007*0*P*:",
                "GS*FA*RECEIVER*SENDER*20240203*0405*70*X*005010X231A1",
                "ST*999*0001*005010X231A1",
                "AK1*HP*1*005010X221A1",
                "AK2*835*0001*005010X221A1",
                "IK5*A",
                "AK2*835*0002*005010X221A1",
                "IK5*A",
                "AK9*A*2*2*2",
                "SE*8*0001",
                "GE*1*70",
                "IEA*1*000000007",
            ],
            Segments(ack));
    }

    [Fact]
    public void Create999_ErrorsInOneTransactionSet_ReportsIk3Ik4AndPartialAcceptance()
    {
        var text = X12TestData.Interchange835(transactions: 2)
            .Replace("ST*835*0002*005010X221A1~\nBPR*I*150", "ST*835*0002*005010X221A1~\nBPR*I*1X0", StringComparison.Ordinal)
            .Replace("SE*15*0002", "SE*14*0002", StringComparison.Ordinal);
        var result = X12Validator.Validate(X12TestData.Bytes(text));

        var segments = Segments(X12AcknowledgmentGenerator.Create999(result.Interchanges[0], Options));

        Assert.Equal(
            [
                "ST*999*0001*005010X231A1",
                "AK1*HP*1*005010X221A1",
                "AK2*835*0001*005010X221A1",
                "IK5*A",
                "AK2*835*0002*005010X221A1",
                "IK3*BPR*2**8",
                "IK4*2**6",
                "IK5*R*4*5",
                "AK9*P*2*2*1",
                "SE*10*0001",
            ],
            segments[2..^2]);
    }

    [Fact]
    public void Create999_Output_IsItselfAValidInterchange()
    {
        var text = X12TestData.Interchange835().Replace("AMT*B6*170", "AMT*B6*1X0", StringComparison.Ordinal);
        var result = X12Validator.Validate(X12TestData.Bytes(text));

        var ack = X12AcknowledgmentGenerator.Create999(result.Interchanges[0], Options);
        var check = X12Validator.Validate(ack);

        Assert.True(check.IsValid, string.Join("\n", check.Diagnostics));
        Assert.Equal("FA", check.Interchanges[0].Groups[0].FunctionalIdentifierCode);
        Assert.Equal("999", check.Interchanges[0].Groups[0].Transactions[0].TransactionSetId);
    }

    [Fact]
    public void Create999_NoGroups_Throws()
    {
        var result = X12Validator.Validate(X12TestData.Bytes(X12TestData.Isa() + "IEA*0*000000001~"));

        Assert.Throws<ArgumentException>(() => X12AcknowledgmentGenerator.Create999(result.Interchanges[0], Options));
    }

    [Fact]
    public void CreateTa1_ValidEnvelope_Accepts()
    {
        var result = X12Validator.Validate(X12TestData.Bytes(X12TestData.Interchange835()));

        var segments = Segments(X12AcknowledgmentGenerator.CreateTa1(result.Interchanges[0], Options));

        Assert.Equal(["TA1*000000001*240101*1200*A*000", "IEA*0*000000007"], segments[1..]);
    }

    [Fact]
    public void CreateTa1_ControlNumberMismatch_RejectsWithNote001()
    {
        var text = X12TestData.Interchange835().Replace("IEA*1*000000001", "IEA*1*000000002", StringComparison.Ordinal);
        var result = X12Validator.Validate(X12TestData.Bytes(text));

        var segments = Segments(X12AcknowledgmentGenerator.CreateTa1(result.Interchanges[0], Options));

        Assert.Equal("TA1*000000001*240101*1200*R*001", segments[1]);
        Assert.True(X12Validator.Validate(X12AcknowledgmentGenerator.CreateTa1(result.Interchanges[0], Options)).IsValid);
    }

    [Fact]
    public void Create999_WithOtherDelimiters_UsesThem()
    {
        var result = X12Validator.Validate(X12TestData.Bytes(X12TestData.Interchange835()));
        var options = new X12AcknowledgmentOptions
        {
            TimeProvider = Options.TimeProvider,
            Delimiters = new X12Delimiters((byte)'|', (byte)'>', (byte)'!', (byte)'\''),
            LineBreak = "",
        };

        var ack = X12AcknowledgmentGenerator.Create999(result.Interchanges[0], options);

        var text = Encoding.ASCII.GetString(ack);
        Assert.StartsWith("ISA|00|", text, StringComparison.Ordinal);
        Assert.Contains("|!|00501|", text, StringComparison.Ordinal);
        Assert.Contains("|>'GS|FA|RECEIVER|SENDER|20240203|0405|1|X|005010X231A1'ST|999|0001|005010X231A1'", text, StringComparison.Ordinal);
        Assert.EndsWith("'AK9|A|1|1|1'SE|6|0001'GE|1|1'IEA|1|000000001'", text, StringComparison.Ordinal);
        Assert.True(X12Validator.Validate(ack).IsValid);
    }
}
