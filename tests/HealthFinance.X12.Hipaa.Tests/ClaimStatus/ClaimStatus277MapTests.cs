using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.TestUtilities;
using HealthFinance.X12.Hipaa.ClaimStatus;
using HealthFinance.X12.Hipaa.Tests.Claims;
using static HealthFinance.X12.Hipaa.Tests.Claims.ClaimFixtures;

namespace HealthFinance.X12.Hipaa.Tests.ClaimStatus;

public sealed class ClaimStatus277MapTests
{
    private const string Accepted = "ClaimStatus/277ca-accepted.x12";
    private const string Rejected = "ClaimStatus/277ca-rejected.x12";

    [Fact]
    public void Read_AcceptedClaimAcknowledgment_MapsOneStatusPerClaim()
    {
        var result = ReadFile(Accepted);

        Assert.Empty(result.Diagnostics);
        var statuses = result.ClaimStatuses.ToList();
        Assert.Equal(2, statuses.Count);
        var first = statuses[0];
        Assert.Equal("PCN-1001", first.ClaimId.Value);
        Assert.Equal("PAYERICN-1001", first.PayerClaimControlNumber?.Value);
        Assert.Equal("PAYER01", first.Payer?.Value);
        Assert.Equal("A2", first.CategoryCode);
        Assert.Equal("20", first.StatusCode);
        Assert.Equal("PR", first.EntityIdentifierCode);
        Assert.Equal(ClaimStatusAction.Accepted, first.Action);
        Assert.Equal(new DateOnly(2026, 1, 6), first.StatusDate);
        Assert.Equal(new Money(250.50m, CurrencyCode.USD), first.TotalCharge);
        Assert.False(first.IsRejection);
        Assert.Equal("x12-277:000000901:901:0001:1", first.EventId);
        Assert.Equal("ST*0001/TRN[1]", first.Source.Position);
        Assert.Null(statuses[1].EntityIdentifierCode);
        Assert.Equal("PCN-1002", statuses[1].ClaimId.Value);
    }

    [Fact]
    public void Read_RejectedClaimAcknowledgment_MapsRejectionAndFlagsInconsistentAction()
    {
        var result = ReadFile(Rejected);

        var statuses = result.ClaimStatuses.ToList();
        Assert.Equal(2, statuses.Count);
        Assert.Equal(ClaimStatusAction.Rejected, statuses[0].Action);
        Assert.Equal(("A7", "562", "85"), (statuses[0].CategoryCode, statuses[0].StatusCode, statuses[0].EntityIdentifierCode));
        Assert.Null(statuses[0].PayerClaimControlNumber);
        Assert.True(statuses[0].IsRejection);
        Assert.Equal(ClaimStatusAction.Accepted, statuses[1].Action);
        Assert.True(statuses[1].IsRejection);
        var finding = Assert.Single(MapFindings(result));
        Assert.Equal(HipaaClaimStatusDiagnosticCodes.InconsistentAction, finding.Code);
        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
        Assert.Equal(3, finding.Location.ElementPosition);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Read_SeveralStatusesForOneClaim_UsesTheRejection()
    {
        var text = InsertAfter(Text(Accepted), "STC*A2:20:PR*20260106*WQ*250.5", "STC*A7:562:85*20260106*U*250.5");

        var status = ReadText(text).ClaimStatuses.First();

        Assert.Equal("A7", status.CategoryCode);
        Assert.Equal(ClaimStatusAction.Rejected, status.Action);
    }

    [Fact]
    public void Read_ServiceLineStatus_IsNotTakenAsClaimStatus()
    {
        var text = InsertAfter(Text(Accepted), "DTP*472*D8*20251220", "SVC*HC:99396*75", "STC*A7:562*20260106*U*75", "REF*1K*LINE-REF");

        var status = ReadText(text).ClaimStatuses.Last();

        Assert.Equal(ClaimStatusAction.Accepted, status.Action);
        Assert.Equal("PAYERICN-1002", status.PayerClaimControlNumber?.Value);
    }

    [Theory]
    [InlineData("TRN*2*PCN-1002", "TRN*2", HipaaClaimStatusDiagnosticCodes.ClaimIdMissing)]
    [InlineData("TRN*2*PCN-1002", "TRN*1*PCN-1002", HipaaClaimStatusDiagnosticCodes.ClaimIdMissing)]
    [InlineData("STC*A2:20*20260106*WQ*75", null, HipaaClaimStatusDiagnosticCodes.StatusMissing)]
    [InlineData("STC*A2:20*20260106*WQ*75", "STC*A2*20260106*WQ*75", HipaaClaimStatusDiagnosticCodes.StatusMissing)]
    [InlineData("STC*A2:20*20260106*WQ*75", "STC*:20*20260106*WQ*75", HipaaClaimStatusDiagnosticCodes.StatusMissing)]
    public void Read_SecondClaimUnusable_ReportsErrorAndKeepsTheFirst(string segment, string? replacement, string code)
    {
        var result = ReadText(ReplaceSegment(Text(Accepted), segment, replacement));

        var finding = Assert.Single(MapFindings(result));
        Assert.Equal(code, finding.Code);
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
        Assert.Equal(["PCN-1001"], result.ClaimStatuses.Select(s => s.ClaimId.Value));
    }

    [Theory]
    [InlineData("HL*5*3*PT", "HL*5*9*PT", HipaaDiagnosticCodes.HierarchicalParentNotFound, true)]
    [InlineData("HL*5*3*PT", "HL*5*2*PT", HipaaDiagnosticCodes.HierarchicalLevelNotAllowed, true)]
    [InlineData("HL*5*3*PT", "HL*4*3*PT", HipaaDiagnosticCodes.HierarchicalIdInvalid, true)]
    [InlineData("HL*5*3*PT", "HL*5*3*QQ", HipaaDiagnosticCodes.HierarchicalLevelNotAllowed, false)]
    public void Read_SecondClaimBelowBrokenHl_ReportsTheHlAndKeepsTheFirst(string segment, string replacement, string code, bool claimNamed)
    {
        var result = ReadText(ReplaceSegment(Text(Accepted), segment, replacement));

        var hl = Assert.Single(result.Diagnostics, d => d.Code == code);
        Assert.Equal("HL", hl.Location.SegmentId);
        Assert.Equal(DiagnosticSeverity.Error, hl.Severity);

        // When the HL opened no 2000D at all (unknown level), its TRN is not a 2200D claim loop and nothing names a claim.
        Assert.Equal(claimNamed, result.Diagnostics.Any(d => d.Code == HipaaClaimStatusDiagnosticCodes.HierarchyBroken && d.Location.SegmentId == "TRN"));
        Assert.Equal(["PCN-1001"], result.ClaimStatuses.Select(s => s.ClaimId.Value));
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Read_UnknownAction_ProducesUnspecifiedWithWarning()
    {
        var result = ReadText(ReplaceSegment(Text(Accepted), "STC*A2:20*20260106*WQ*75", "STC*A2:20*20260106**75"));

        Assert.Equal(HipaaClaimStatusDiagnosticCodes.UnknownAction, Assert.Single(MapFindings(result)).Code);
        Assert.Equal(ClaimStatusAction.Unspecified, result.ClaimStatuses.Last().Action);
    }

    [Fact]
    public void Read_InvalidChargeAmount_ProducesStatusWithoutAmount()
    {
        var result = ReadText(ReplaceSegment(Text(Accepted), "STC*A2:20*20260106*WQ*75", "STC*A2:20*20260106*WQ*7X5"));

        Assert.Equal(HipaaClaimStatusDiagnosticCodes.InvalidChargeAmount, Assert.Single(MapFindings(result)).Code);
        Assert.Null(result.ClaimStatuses.Last().TotalCharge);
    }

    [Fact]
    public void Read_ClaimStatusResponseX212_IsUnsupported()
    {
        var result = ReadText(Text(Accepted).Replace("005010X214", "005010X212", StringComparison.Ordinal));

        Assert.Equal(HipaaClaimStatusDiagnosticCodes.UnsupportedImplementation, Assert.Single(MapFindings(result)).Code);
        Assert.True(result.HasUnsupportedTransactions);
        Assert.Empty(result.Events);
    }

    private static HipaaRead ReadText(string text) => Read(text);

    [Fact]
    public void Read_UnusualDelimiters_UsesTheInterchangeSeparators()
    {
        // '|' elements, '^' components, '!' repetitions and an apostrophe as the segment terminator.
        var text = X12TestData.Interchange277CA().Replace("~\n", "'", StringComparison.Ordinal).Replace(':', '^').Replace('*', '|');
        text = text.Replace("|^|00501|", "|!|00501|", StringComparison.Ordinal);

        var result = ReadText(text);

        Assert.Empty(result.Diagnostics);
        var status = Assert.Single(result.ClaimStatuses);
        Assert.Equal(("A7", "21", ClaimStatusAction.Rejected), (status.CategoryCode, status.StatusCode, status.Action));
        Assert.Equal("PAYERICN-9001", status.PayerClaimControlNumber?.Value);
    }

    [Fact]
    public void Read_SeveralTransactionSetsInOneGroup_MapsEachWithItsControlNumber()
    {
        var single = X12TestData.Interchange277CA();
        var st = single.IndexOf("ST*277", StringComparison.Ordinal);
        var ge = single.IndexOf("GE*1*77", StringComparison.Ordinal);
        var second = single[st..ge].Replace("0001", "0002", StringComparison.Ordinal).Replace("PCN-9001", "PCN-9002", StringComparison.Ordinal);
        var text = single[..ge] + second + "GE*2*77~\n" + single[(single.IndexOf("IEA", StringComparison.Ordinal))..];

        var result = ReadText(text);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["0001", "0002"], result.ClaimStatuses.Select(s => s.Source.TransactionSetControlNumber));
        Assert.Equal(["PCN-9001", "PCN-9002"], result.ClaimStatuses.Select(s => s.ClaimId.Value));
        Assert.Equal(2, result.Events.Select(e => e.EventId).Distinct().Count());
    }
}
