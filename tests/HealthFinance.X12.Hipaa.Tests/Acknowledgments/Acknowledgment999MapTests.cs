using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.TestUtilities;
using HealthFinance.X12.Hipaa.Tests.Claims;
using static HealthFinance.X12.Hipaa.Tests.Claims.ClaimFixtures;

namespace HealthFinance.X12.Hipaa.Tests.Acknowledgments;

public sealed class Acknowledgment999MapTests
{
    private static readonly string Rejected999 = X12TestData.Interchange999();

    [Fact]
    public void Read_Rejected999_MapsGroupTransactionSegmentAndElementErrors()
    {
        var result = Read(Rejected999, "ack.999");

        Assert.Empty(result.Diagnostics);
        var ack = Assert.Single(result.Acknowledgments);
        Assert.Equal(AcknowledgmentKind.Implementation, ack.Kind);
        Assert.Equal(AcknowledgmentStatus.Rejected, ack.Status);
        Assert.Equal("17", ack.AcknowledgedControlNumber);
        Assert.Equal("HC", ack.AcknowledgedFunctionalCode);
        Assert.Equal("005010X222A1", ack.AcknowledgedVersion);
        Assert.Equal((1, 1, 0), (ack.TransactionSetsIncluded, ack.TransactionSetsReceived, ack.TransactionSetsAccepted));
        Assert.Equal("x12-999:000000077:77:0001", ack.EventId);
        Assert.Equal("ack.999", ack.Source.FileName);
        var transaction = Assert.Single(ack.Transactions);
        Assert.Equal(("837", "0001", "005010X222A1", AcknowledgmentStatus.Rejected), (transaction.TransactionSetId, transaction.ControlNumber, transaction.ImplementationReference, transaction.Status));
        Assert.Equal(["5"], transaction.ErrorCodes);
        var segment = Assert.Single(transaction.SegmentErrors);
        Assert.Equal(("CLM", 15, "8"), (segment.SegmentId, segment.PositionInTransaction, segment.Code));
        var element = Assert.Single(segment.ElementErrors);
        Assert.Equal((2, "782", "7"), (element.ElementPosition, element.ElementReference, element.Code));
    }

    [Fact]
    public void Read_SeveralTransactionResponsesAndSegmentErrors_KeepsEachInOrder()
    {
        var text = InsertAfter(Rejected999, "IK5*R*5", "AK2*837*0002*005010X222A1", "IK3*NM1*4*2010AA*8", "IK4*9**7", "IK3*SV1*20*2400*8", "IK5*R*5", "AK2*837*0003", "IK5*A");
        text = ReplaceSegment(text, "AK9*R*1*1*0", "AK9*P*3*3*1");

        var ack = Assert.Single(Read(text).Acknowledgments);

        Assert.Equal(AcknowledgmentStatus.PartiallyAccepted, ack.Status);
        Assert.Equal(["0001", "0002", "0003"], ack.Transactions.Select(t => t.ControlNumber));
        Assert.Equal(["NM1", "SV1"], ack.Transactions[1].SegmentErrors.Select(s => s.SegmentId));
        Assert.Equal([1, 0], ack.Transactions[1].SegmentErrors.Select(s => s.ElementErrors.Count));
        Assert.Equal(AcknowledgmentStatus.Accepted, ack.Transactions[2].Status);
        Assert.Empty(ack.Transactions[2].SegmentErrors);
    }

    [Theory]
    [InlineData("IK5*R*5", "IK5*Q*5", HipaaDiagnosticCodes.InvalidCode)]
    [InlineData("AK9*R*1*1*0", "AK9*Z*1*1*0", HipaaDiagnosticCodes.InvalidCode)]
    [InlineData("AK1*HC*17*005010X222A1", "AK1*HC**005010X222A1", HipaaDiagnosticCodes.RequiredElementMissing)]
    [InlineData("AK2*837*0001*005010X222A1", "AK2*837**005010X222A1", HipaaDiagnosticCodes.RequiredElementMissing)]
    [InlineData("AK9*R*1*1*0", null, HipaaDiagnosticCodes.RequiredSegmentMissing)]
    [InlineData("IK5*R*5", null, HipaaDiagnosticCodes.RequiredSegmentMissing)]
    public void Read_UnreadableVerdict_ReportsAndProducesNoAcknowledgment(string segment, string? replacement, string code)
    {
        var result = Read(ReplaceSegment(Rejected999, segment, replacement));

        var finding = Assert.Single(result.Diagnostics, d => d.Code == code);
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
        Assert.NotNull(finding.Location.SegmentIndex);
        Assert.Empty(result.Events);
        Assert.Equal(HipaaOutcome.Rejected, Assert.Single(result.Results).Outcome);
    }

    [Fact]
    public void Read_ElementErrorWithoutPosition_WarnsAndKeepsTheRest()
    {
        var result = Read(ReplaceSegment(Rejected999, "IK4*2*782*7*ABC", "IK4**782*7"));

        var finding = Assert.Single(result.Diagnostics);
        Assert.Equal((HipaaDiagnosticCodes.RequiredElementMissing, DiagnosticSeverity.Warning, "IK4"), (finding.Code, finding.Severity, finding.Location.SegmentId));
        var segment = Assert.Single(Assert.Single(Assert.Single(result.Acknowledgments).Transactions).SegmentErrors);
        Assert.Empty(segment.ElementErrors);
    }

    [Fact]
    public void Read_SegmentOutOfPlace_IsReportedWithItsPosition()
    {
        var result = Read(InsertAfter(Rejected999, "AK1*HC*17*005010X222A1", "BHT*0019*00*X"));

        var finding = Assert.Single(result.Diagnostics);
        Assert.Equal(HipaaDiagnosticCodes.UnknownSegment, finding.Code);
        Assert.Equal(3, finding.Location.SegmentPositionInTransaction);
        Assert.Single(result.Acknowledgments);
    }

    [Fact]
    public void Read_997_MapsAsFunctionalAcknowledgment()
    {
        var text = Rejected999
            .Replace("ST*999*0001*005010X231A1", "ST*997*0001", StringComparison.Ordinal)
            .Replace("IK3*", "AK3*", StringComparison.Ordinal)
            .Replace("IK4*", "AK4*", StringComparison.Ordinal)
            .Replace("IK5*", "AK5*", StringComparison.Ordinal);

        var result = Read(text);

        Assert.Empty(result.Diagnostics);
        var ack = Assert.Single(result.Acknowledgments);
        Assert.Equal(AcknowledgmentKind.Functional, ack.Kind);
        Assert.Equal("x12-997:000000077:77:0001", ack.EventId);
        Assert.Equal("7", Assert.Single(Assert.Single(Assert.Single(ack.Transactions).SegmentErrors).ElementErrors).Code);
    }

    [Fact]
    public void Read_UnusualDelimiters_UsesTheInterchangeSeparators()
    {
        var text = Rejected999.Replace("~\n", "'", StringComparison.Ordinal).Replace('*', '|');
        text = text.Replace("|^|00501|", "|!|00501|", StringComparison.Ordinal).Replace("|P|:'", "|P|^'", StringComparison.Ordinal);

        var result = Read(text);

        Assert.Empty(result.Diagnostics);
        var element = Assert.Single(Assert.Single(Assert.Single(Assert.Single(result.Acknowledgments).Transactions).SegmentErrors).ElementErrors);
        Assert.Equal((2, "782"), (element.ElementPosition, element.ElementReference));
    }

    [Theory]
    [InlineData("TA1*000000123*240101*1200*A*000", AcknowledgmentStatus.Accepted, "000")]
    [InlineData("TA1*000000123*240101*1200*R*024", AcknowledgmentStatus.Rejected, "024")]
    [InlineData("TA1*000000123*240101*1200*E*006", AcknowledgmentStatus.AcceptedWithErrors, "006")]
    public void Read_Ta1_MapsInterchangeAcknowledgment(string ta1, AcknowledgmentStatus status, string note)
    {
        var text = X12TestData.Isa("000000900") + "\n" + ta1 + "~\nIEA*0*000000900~\n";

        var result = Read(text);

        Assert.Empty(result.Diagnostics);
        var ack = Assert.Single(result.Acknowledgments);
        Assert.Equal((AcknowledgmentKind.Interchange, status, "000000123", note), (ack.Kind, ack.Status, ack.AcknowledgedControlNumber, ack.NoteCode));
        Assert.Equal("000000900", ack.Source.InterchangeControlNumber);
        Assert.Equal(1, ack.Source.SegmentIndex);
    }

    [Theory]
    [InlineData("TA1**240101*1200*A*000", HipaaDiagnosticCodes.RequiredElementMissing, 1)]
    [InlineData("TA1*000000123*240101*1200*Q*000", HipaaDiagnosticCodes.InvalidCode, 4)]
    public void Read_UnreadableTa1_ReportsAndProducesNothing(string ta1, string code, int element)
    {
        var result = Read(X12TestData.Isa("000000900") + "\n" + ta1 + "~\nIEA*0*000000900~\n");

        var finding = Assert.Single(result.Diagnostics);
        Assert.Equal((code, "TA1", element), (finding.Code, finding.Location.SegmentId, finding.Location.ElementPosition));
        Assert.Empty(result.Events);
    }

    [Fact]
    public void Read_999NextToAn837_MapsBothInInputOrder()
    {
        var claims = X12TestData.Interchange837P().Replace("000000077", "000000078", StringComparison.Ordinal);

        var result = Read(Rejected999 + claims);

        Assert.Equal([typeof(AcknowledgmentReceived), typeof(ClaimSubmitted)], result.Events.Select(e => e.GetType()));
        Assert.Equal(["999", "837"], result.Results.Select(r => r.Identity.TransactionSetId));
    }
}
