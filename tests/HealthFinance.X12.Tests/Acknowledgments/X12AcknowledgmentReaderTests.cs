using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;
using HealthFinance.TestUtilities;
using HealthFinance.X12.Acknowledgments;
using HealthFinance.X12.Validation;
using Microsoft.Extensions.Time.Testing;

namespace HealthFinance.X12.Tests.Acknowledgments;

public sealed class X12AcknowledgmentReaderTests
{
    private const string Rejected999 =
        "ISA*00*          *00*          *ZZ*PAYER          *ZZ*CLINIC         *240203*0405*^*00501*000000286*0*P*:~\n" +
        "GS*FA*PAYER*CLINIC*20240203*0405*287*X*005010X231A1~\n" +
        "ST*999*2870001*005010X231A1~\n" +
        "AK1*HC*17456*005010X222A1~\n" +
        "AK2*837*0001*005010X222A1~\n" +
        "IK5*A~\n" +
        "AK2*837*0002*005010X222A1~\n" +
        "IK3*CLM*22**8~\n" +
        "CTX*CLM01:123456789~\n" +
        "IK4*2:1*782*6~\n" +
        "IK5*R*5~\n" +
        "AK9*P*2*2*1~\n" +
        "SE*11*2870001~\n" +
        "GE*1*287~\n" +
        "IEA*1*000000286~\n";

    [Fact]
    public void Read_999WithRejectedTransaction_MapsEveryLevel()
    {
        var result = X12AcknowledgmentReader.Read(X12TestData.Bytes(Rejected999), "ack.999");

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        var ack = Assert.Single(result.Acknowledgments);
        Assert.Equal("x12-999:000000286:287:2870001", ack.EventId);
        Assert.Equal(AcknowledgmentKind.Implementation, ack.Kind);
        Assert.Equal(AcknowledgmentStatus.PartiallyAccepted, ack.Status);
        Assert.Equal("17456", ack.AcknowledgedControlNumber);
        Assert.Equal("HC", ack.AcknowledgedFunctionalCode);
        Assert.Equal("005010X222A1", ack.AcknowledgedVersion);
        Assert.Equal((2, 2, 1), (ack.TransactionSetsIncluded, ack.TransactionSetsReceived, ack.TransactionSetsAccepted));
        Assert.Equal("ack.999", ack.Source.FileName);
        Assert.Equal(2, ack.Source.SegmentIndex);
        Assert.Equal(2, ack.Transactions.Count);
        Assert.Equal(AcknowledgmentStatus.Accepted, ack.Transactions[0].Status);
        var rejected = ack.Transactions[1];
        Assert.Equal(("837", "0002", AcknowledgmentStatus.Rejected), (rejected.TransactionSetId, rejected.ControlNumber, rejected.Status));
        Assert.Equal(["5"], rejected.ErrorCodes);
        var segment = Assert.Single(rejected.SegmentErrors);
        Assert.Equal(("CLM", 22, "8"), (segment.SegmentId, segment.PositionInTransaction, segment.Code));
        var element = Assert.Single(segment.ElementErrors);
        Assert.Equal(new AcknowledgedElementError { ElementPosition = 2, ComponentPosition = 1, ElementReference = "782", Code = "6" }, element);
    }

    [Fact]
    public void Read_Ta1_MapsInterchangeAcknowledgment()
    {
        var text = X12TestData.Isa("000000005") + "TA1*000000001*240101*1200*R*001~IEA*0*000000005~";

        var result = X12AcknowledgmentReader.Read(X12TestData.Bytes(text));

        var ack = Assert.Single(result.Acknowledgments);
        Assert.Equal(AcknowledgmentKind.Interchange, ack.Kind);
        Assert.Equal(AcknowledgmentStatus.Rejected, ack.Status);
        Assert.Equal("000000001", ack.AcknowledgedControlNumber);
        Assert.Equal("001", ack.NoteCode);
        Assert.Empty(ack.Transactions);
    }

    [Fact]
    public void Read_OwnGenerated999_RoundTripsTheValidationReport()
    {
        var text = X12TestData.Interchange835(transactions: 2)
            .Replace("ST*835*0002*005010X221A1~\nBPR*I*150", "ST*835*0002*005010X221A1~\nBPR*I*1X0", StringComparison.Ordinal);
        var report = X12Validator.Validate(X12TestData.Bytes(text)).Interchanges[0];
        var bytes = X12AcknowledgmentGenerator.Create999(report, new X12AcknowledgmentOptions { TimeProvider = new FakeTimeProvider() });

        var ack = Assert.Single(X12AcknowledgmentReader.Read(bytes).Acknowledgments);

        Assert.Equal(AcknowledgmentStatus.PartiallyAccepted, ack.Status);
        Assert.Equal("1", ack.AcknowledgedControlNumber);
        Assert.Equal([AcknowledgmentStatus.Accepted, AcknowledgmentStatus.Rejected], ack.Transactions.Select(t => t.Status));
        var segment = Assert.Single(ack.Transactions[1].SegmentErrors);
        Assert.Equal(report.Groups[0].Transactions[1].SegmentErrors[0].SegmentId, segment.SegmentId);
        Assert.Equal(report.Groups[0].Transactions[1].SegmentErrors[0].PositionInTransaction, segment.PositionInTransaction);
        Assert.Equal("6", Assert.Single(segment.ElementErrors).Code);

        // And the canonical event survives the JSON contract.
        Assert.Equal(ack, CanonicalJson.Deserialize(CanonicalJson.Serialize(ack)));
    }

    [Theory]
    [InlineData("IK5*A~", "IK5*Q~")]
    [InlineData("AK9*P*2*2*1~", "AK9*Z*2*2*1~")]
    public void Read_UnknownStatus_ReportsAndProducesNoEvent(string original, string replacement)
    {
        var text = Rejected999.Replace(original, replacement, StringComparison.Ordinal);

        var result = X12AcknowledgmentReader.Read(X12TestData.Bytes(text));

        Assert.Empty(result.Acknowledgments);
        Assert.Contains(result.Diagnostics, d => d.Code == X12AcknowledgmentReader.UnknownStatusCode);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Read_MissingAk1_ReportsIncomplete()
    {
        var text = Rejected999.Replace("AK1*HC*17456*005010X222A1~\n", "", StringComparison.Ordinal).Replace("SE*11*", "SE*10*", StringComparison.Ordinal);

        var result = X12AcknowledgmentReader.Read(X12TestData.Bytes(text));

        Assert.Empty(result.Acknowledgments);
        Assert.Contains(result.Diagnostics, d => d.Code == X12AcknowledgmentReader.IncompleteAcknowledgment);
    }

    [Theory]
    [InlineData("x12/999/ims-x12_999_accepted.txt", 1, "Accepted")]
    [InlineData("x12/999/ims-x12_999_rejected.txt", 1, "Rejected")]
    [InlineData("x12/999/oop-DHS_Wisconsin_Sample.txt", 1, "PartiallyAccepted")]
    [InlineData("x12/999/pyx12-834_lui_id_5010.999.txt", 4, "Accepted")]
    [InlineData("x12/TA1/oop-TechnicalAcknowledgment_Sample1.txt", 2, "Accepted")]
    [InlineData("x12/TA1/oop-TechnicalAcknowledgment_SampleFromJeffN825.txt", 1, "Rejected")]
    [InlineData("x12/TA1/uhin-TA1.edi", 1, "Rejected")]
    public void Read_CorpusAcknowledgments_ProducesEvents(string file, int count, string status)
    {
        var result = X12AcknowledgmentReader.Read(Corpus.ReadBytes(file), Path.GetFileName(file));

        Assert.Equal(count, result.Acknowledgments.Count);
        Assert.All(result.Acknowledgments, a => Assert.Equal(Enum.Parse<AcknowledgmentStatus>(status), a.Status));
    }
}
