using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;
using HealthFinance.X12.Hipaa.Claims;
using static HealthFinance.X12.Hipaa.Tests.Claims.ClaimFixtures;

namespace HealthFinance.X12.Hipaa.Tests.Claims;

public sealed class Claim837MapTests
{
    private const string MultiLine = "Claims/837p-multi-line.x12";

    [Fact]
    public void Read_ProfessionalMultiLine_MapsEveryClaimWithReferencesOnly()
    {
        var result = ReadFile(MultiLine);

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        var claims = result.Claims.ToList();
        Assert.Equal(2, claims.Count);

        var first = claims[0];
        Assert.Equal("PCN-1001", first.ClaimId.Value);
        Assert.Equal(ClaimType.Professional, first.ClaimType);
        Assert.Equal(new Money(250.50m, CurrencyCode.USD), first.TotalCharge);
        Assert.Equal("PAYER01", first.Payer.Value);
        Assert.Equal("1234567893", first.BillingProvider.Value);
        Assert.Equal("123456789", first.BillingProviderTaxId?.Value);
        Assert.Equal("MEMBER001", first.SubscriberReference);
        Assert.Equal("MRN-5501", first.PatientReference);
        Assert.Equal("P", first.PayerResponsibilitySequence);
        Assert.Equal("CI", first.ClaimFilingIndicator);
        Assert.Equal("11", first.FacilityCode);
        Assert.Equal("1", first.ClaimFrequencyCode);
        Assert.Null(first.OriginalPayerClaimControlNumber);
        Assert.Equal("1112223338", first.ServiceFacility?.Value);
        Assert.Equal("x12-837:000000101:101:0001:1", first.EventId);
        Assert.Equal("ST*0001/CLM[1]", first.Source.Position);
        Assert.Equal("0001", first.Source.TransactionSetControlNumber);
        Assert.Equal("837p-multi-line.x12", first.Source.FileName);

        Assert.Equal(3, first.Lines.Count);
        var line1 = first.Lines[0];
        Assert.Equal(1, line1.LineNumber);
        Assert.Equal(new ChargeCode { CodeSet = ChargeCodeSet.Cpt, Code = "99213" }, line1.Procedure);
        Assert.Equal(["25"], line1.Modifiers);
        Assert.Equal(new Money(150m, CurrencyCode.USD), line1.Charge);
        Assert.Equal(1m, line1.Units);
        Assert.Equal(new DateOnly(2025, 12, 15), line1.ServiceDate);
        Assert.Equal("LINE-1001-1", line1.LineItemControlNumber);
        var line3 = first.Lines[2];
        Assert.Equal(ChargeCodeSet.Hcpcs, line3.Procedure!.CodeSet);
        Assert.Equal("J1100", line3.Procedure.Code);
        Assert.Equal(["JW", "RT"], line3.Modifiers);
        Assert.Equal(2m, line3.Units);
        Assert.Equal(new DateOnly(2025, 12, 15), line3.ServiceDate);

        var second = claims[1];
        Assert.Equal("PCN-1002", second.ClaimId.Value);
        Assert.Equal("PAYER02", second.Payer.Value);
        Assert.Equal("MEMBER002", second.SubscriberReference);
        Assert.Null(second.PatientReference);
        Assert.Equal("S", second.PayerResponsibilitySequence);
        Assert.Equal("MB", second.ClaimFilingIndicator);
        Assert.Equal("22", second.FacilityCode);
        Assert.Single(second.Lines);
    }

    [Fact]
    public void Read_ProfessionalMultiLine_CarriesNoNamesBirthDatesAddressesOrDiagnoses()
    {
        var json = string.Join("\n", ReadFile(MultiLine).Events.Select(CanonicalJson.Serialize));

        foreach (var phi in new[] { "TESTPERSON", "ALEX", "JORDAN", "19800101", "20100101", "SAMPLE AVENUE", "J020", "R509", "Z0000", "SYNTHETIC" })
        {
            Assert.DoesNotContain(phi, json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Read_InstitutionalRevenueCodes_MapsRevenueCodeAndOptionalProcedure()
    {
        var result = ReadFile("Claims/837i-revenue-codes.x12");

        Assert.Empty(result.Diagnostics);
        var claim = Assert.Single(result.Claims);
        Assert.Equal(ClaimType.Institutional, claim.ClaimType);
        Assert.Equal("13", claim.FacilityCode);
        Assert.Equal("987654321", claim.BillingProviderTaxId?.Value);
        Assert.Equal("5556667777", claim.BillingProvider.Value);
        Assert.Equal("1234567893", claim.ServiceFacility?.Value);
        Assert.Equal(["0450", "0300", "0250"], claim.Lines.Select(l => l.RevenueCode));
        Assert.Equal("99284", claim.Lines[0].Procedure?.Code);
        Assert.Equal(["91"], claim.Lines[1].Modifiers);
        Assert.Null(claim.Lines[2].Procedure);
        Assert.Equal(4m, claim.Lines[2].Units);
        Assert.Equal(new Money(1230.75m, CurrencyCode.USD), claim.TotalCharge);
        Assert.Equal(claim.TotalCharge.Amount, claim.Lines.Sum(l => l.Charge.Amount));
        Assert.Equal("I-LINE-1", claim.Lines[0].LineItemControlNumber);
    }

    [Fact]
    public void Read_ReplacementAndVoidWithOriginalReference_MapsOriginalPayerClaimControlNumber()
    {
        var result = ReadFile("Claims/837p-frequency-7-8.x12");

        Assert.Empty(result.Diagnostics);
        var claims = result.Claims.ToList();
        Assert.Equal(["7", "8"], claims.Select(c => c.ClaimFrequencyCode));
        Assert.Equal(["PAYERICN-9001", "PAYERICN-9002"], claims.Select(c => c.OriginalPayerClaimControlNumber?.Value));
    }

    [Theory]
    [InlineData("REF*F8*PAYERICN-9001", "7", "PCN-3001")]
    [InlineData("REF*F8*PAYERICN-9002", "8", "PCN-3002")]
    public void Read_ReplacementOrVoidWithoutOriginalReference_ReportsAndStillProducesClaim(string reference, string frequency, string claimId)
    {
        var result = Read(ReplaceSegment(Text("Claims/837p-frequency-7-8.x12"), reference, null));

        var finding = Assert.Single(MapFindings(result));
        Assert.Equal(HipaaClaimDiagnosticCodes.OriginalReferenceMissing, finding.Code);
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
        Assert.Equal(5, finding.Location.ElementPosition);
        Assert.Equal(3, finding.Location.ComponentPosition);
        Assert.Contains(frequency, finding.Message, StringComparison.Ordinal);
        Assert.Equal(2, result.Claims.Count());
        Assert.Null(result.Claims.Single(c => c.ClaimId.Value == claimId).OriginalPayerClaimControlNumber);
    }

    [Fact]
    public void Read_SeveralTransactionSetsInOneGroup_MapsEachWithItsControlNumber()
    {
        var result = ReadFile("Claims/837p-several-st.x12");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["0001", "0002", "0002"], result.Claims.Select(c => c.Source.TransactionSetControlNumber));
        Assert.Equal(["PCN-4001", "PCN-4002", "PCN-4003"], result.Claims.Select(c => c.ClaimId.Value));
        Assert.Equal(["MEMBER001", "MEMBER003", "MEMBER004"], result.Claims.Select(c => c.SubscriberReference));
        Assert.Equal(3, result.Events.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public void Read_SeveralInterchanges_MapsEachWithItsInterchangeAndGuide()
    {
        var result = ReadFile("Claims/837-several-isa.x12");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["000000501", "000000502"], result.Claims.Select(c => c.Source.InterchangeControlNumber));
        Assert.Equal([ClaimType.Professional, ClaimType.Institutional], result.Claims.Select(c => c.ClaimType));
        Assert.Equal(["501", "502"], result.Claims.Select(c => c.Source.GroupControlNumber));
    }

    [Fact]
    public void Read_UnusualDelimiters_UsesTheInterchangeSeparators()
    {
        var result = ReadFile("Claims/837p-unusual-delimiters.x12");

        Assert.Empty(result.Diagnostics);
        var claim = Assert.Single(result.Claims);
        Assert.Equal(new Money(95.25m, CurrencyCode.USD), claim.TotalCharge);
        Assert.Equal("99212", claim.Lines[0].Procedure?.Code);
        Assert.Equal(["95"], claim.Lines[0].Modifiers);
        Assert.Equal("L6001", claim.Lines[0].LineItemControlNumber);
        Assert.Equal("11", claim.FacilityCode);
    }

    [Fact]
    public void Read_BrokenHlParents_ReportsEachAndMapsOnlyTheWellPlacedClaim()
    {
        var result = ReadFile("Claims/837p-broken-hl.x12");

        var claim = Assert.Single(result.Claims);
        Assert.Equal("PCN-7003", claim.ClaimId.Value);
        // Structure first: the loop builder reports each HL (HL02 names no open HL; a 2000C level directly under a 2000A);
        // then the claim map names each claim it costs (PCN-7001, PCN-7002) and the 2000B left without claim or child.
        Assert.Equal(
            [
                (HipaaDiagnosticCodes.HierarchicalParentNotFound, "HL", 2),
                (HipaaDiagnosticCodes.HierarchicalLevelNotAllowed, "HL", 3),
                (HipaaClaimDiagnosticCodes.HierarchyBroken, "CLM", 0),
                (HipaaClaimDiagnosticCodes.HierarchyBroken, "CLM", 0),
                (HipaaClaimDiagnosticCodes.ClaimMissing, "HL", 0),
            ],
            result.Diagnostics.Select(d => (d.Code, d.Location.SegmentId, d.Location.ElementPosition ?? 0)));
        Assert.Equal(["ST*0001/CLM[1]", "ST*0001/CLM[2]"], result.Diagnostics.Where(d => d.Code == HipaaClaimDiagnosticCodes.HierarchyBroken).Select(d => d.Location.Path));
        var empty = Assert.Single(result.Diagnostics, d => d.Code == HipaaClaimDiagnosticCodes.ClaimMissing);
        Assert.Equal("ST*0001/HL[3]", empty.Location.Path);
    }

    [Theory]
    [InlineData("HL*2*1*22*1", "HL*2*2*22*1", HipaaDiagnosticCodes.HierarchicalParentNotFound, 2, "not an open HL")]
    [InlineData("HL*3*2*23*0", "HL*2*2*23*0", HipaaDiagnosticCodes.HierarchicalIdInvalid, 1, "repeats the id of an earlier HL")]
    [InlineData("HL*3*2*23*0", "HL**2*23*0", HipaaDiagnosticCodes.HierarchicalIdInvalid, 1, "is empty")]
    [InlineData("HL*3*2*23*0", "HL*3*2*24*0", HipaaDiagnosticCodes.HierarchicalLevelNotAllowed, 3, "does not define")]
    [InlineData("HL*3*2*23*0", "HL*3**23*0", HipaaDiagnosticCodes.HierarchicalParentNotFound, 2, "is empty")]
    [InlineData("HL*1**20*1", "HL*1*1*20*1", HipaaDiagnosticCodes.HierarchicalParentNotFound, 2, "not an open HL")]
    public void Read_HlVariants_ReportTheHlAndEveryClaimBelowIt(string segment, string replacement, string code, int element, string reason)
    {
        var result = Read(ReplaceSegment(Text(MultiLine), segment, replacement));

        var hl = Assert.Single(result.Diagnostics, d => d.Code == code);
        Assert.Equal("HL", hl.Location.SegmentId);
        Assert.Equal(element, hl.Location.ElementPosition);
        Assert.Contains(reason, hl.Message, StringComparison.Ordinal);
        var claim = Assert.Single(result.Diagnostics, d => d.Code == HipaaClaimDiagnosticCodes.HierarchyBroken && d.Location.Path == "ST*0001/CLM[1]");
        Assert.Equal("CLM", claim.Location.SegmentId);
        Assert.DoesNotContain(result.Claims, c => c.ClaimId.Value == "PCN-1001");
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Read_ClaimOutsideSubscriberLoop_ReportsHierarchyBroken()
    {
        var text = InsertAfter(Text(MultiLine), "REF*EI*123456789", "CLM*PCN-0000*10***11:B:1*Y*A*Y*Y", "LX*1", "SV1*HC:99213*10*UN*1***1");

        var result = Read(text);

        // The loop builder reports the CLM, LX and SV1 as not expected in 2010AA; the map says the claim is not produced.
        Assert.Equal(["CLM", "LX", "SV1"], result.Diagnostics.Where(d => d.Code == HipaaDiagnosticCodes.SegmentNotExpected).Select(d => d.Location.SegmentId));
        var finding = Assert.Single(result.Diagnostics, d => d.Code == HipaaClaimDiagnosticCodes.HierarchyBroken);
        Assert.Equal("CLM", finding.Location.SegmentId);
        Assert.Equal(2, result.Claims.Count());
    }

    [Fact]
    public void Read_TotalChargeDiffersFromLines_ReportsMismatchAndStillProducesClaim()
    {
        var result = Read(ReplaceSegment(Text(MultiLine), "CLM*PCN-1001*250.5***11:B:1*Y*A*Y*Y", "CLM*PCN-1001*260.5***11:B:1*Y*A*Y*Y"));

        var finding = Assert.Single(MapFindings(result));
        Assert.Equal(HipaaClaimDiagnosticCodes.ChargeMismatch, finding.Code);
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
        Assert.Equal(2, finding.Location.ElementPosition);
        Assert.Equal("ST*0001/CLM[1]/CLM02", finding.Location.Path);
        Assert.Contains("SV102", finding.Message, StringComparison.Ordinal);
        Assert.Equal(2, result.Claims.Count());
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Read_InstitutionalTotalDiffersFromSv203_NamesSv203()
    {
        var result = Read(ReplaceSegment(Text("Claims/837i-revenue-codes.x12"), "SV2*0250**200*UN*4", "SV2*0250**201*UN*4"));

        var finding = Assert.Single(MapFindings(result));
        Assert.Equal(HipaaClaimDiagnosticCodes.ChargeMismatch, finding.Code);
        Assert.Contains("SV203", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NM1*85*2*SYNTHETIC MEDICAL GROUP*****XX*1234567890", 9)]
    [InlineData("NM1*85*2*SYNTHETIC MEDICAL GROUP*****XX*123456789", 9)]
    [InlineData("NM1*85*2*SYNTHETIC MEDICAL GROUP*****24*123456789", 8)]
    public void Read_BillingProviderNotAValidNpi_ReportsAndProducesNoClaimOfThatProvider(string replacement, int element)
    {
        var result = Read(ReplaceSegment(Text(MultiLine), "NM1*85*2*SYNTHETIC MEDICAL GROUP*****XX*1234567893", replacement));

        var finding = Assert.Single(MapFindings(result));
        Assert.Equal(HipaaClaimDiagnosticCodes.InvalidBillingProviderNpi, finding.Code);
        Assert.Equal(element, finding.Location.ElementPosition);
        Assert.Equal("NM1", finding.Location.SegmentId);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void Read_NoBillingProviderName_ReportsMissingLoop()
    {
        var result = Read(ReplaceSegment(Text(MultiLine), "NM1*85*2*SYNTHETIC MEDICAL GROUP*****XX*1234567893", null));

        // The orphaned N3/N4/REF of 2010AA are reported as not expected in 2000A and stay there, so the hierarchy below holds.
        Assert.Equal(["N3", "N4", "REF"], result.Diagnostics.Where(d => d.Code == HipaaDiagnosticCodes.SegmentNotExpected).Select(d => d.Location.SegmentId));
        var finding = Assert.Single(ClaimFindings(result));
        Assert.Equal(HipaaClaimDiagnosticCodes.BillingProviderMissing, finding.Code);
        Assert.Equal("HL", finding.Location.SegmentId);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void Read_SubscriberWithoutClaim_ReportsClaimMissing()
    {
        var text = InsertAfter(Text(MultiLine), "DTP*472*D8*20251220", "HL*5*1*22*0", "SBR*P*18*******CI", "NM1*IL*1*TESTPERSON*ALEX****MI*MEMBER009", "NM1*PR*2*SYNTHETIC HEALTH PLAN*****PI*PAYER01");

        var result = Read(text);

        var finding = Assert.Single(MapFindings(result));
        Assert.Equal(HipaaClaimDiagnosticCodes.ClaimMissing, finding.Code);
        Assert.Contains("2000B", finding.Message, StringComparison.Ordinal);
        Assert.Equal(2, result.Claims.Count());
    }

    [Fact]
    public void Read_PatientWithoutClaim_ReportsClaimMissing()
    {
        var text = Text(MultiLine);
        text = ReplaceSegment(text, "HL*4*1*22*0", "HL*4*1*22*1");
        text = InsertAfter(text, "NM1*PR*2*SYNTHETIC HEALTH PLAN*****PI*PAYER02", "HL*5*4*23*0", "PAT*19", "HL*6*4*23*0", "PAT*19");
        var result = Read(text);

        Assert.Contains(result.Diagnostics, d => d.Code == HipaaClaimDiagnosticCodes.ClaimMissing && d.Message.Contains("2000C", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_NoPayer_ReportsPayerMissing()
    {
        var result = Read(ReplaceSegment(Text(MultiLine), "NM1*PR*2*SYNTHETIC HEALTH PLAN*****PI*PAYER02", "NM1*PR*2*SYNTHETIC HEALTH PLAN"));

        var finding = Assert.Single(MapFindings(result));
        Assert.Equal(HipaaClaimDiagnosticCodes.PayerMissing, finding.Code);
        Assert.Equal(["PCN-1001"], result.Claims.Select(c => c.ClaimId.Value));
    }

    [Theory]
    [InlineData("CLM**75***22:B:1*Y*A*Y*Y", 1)]
    [InlineData("CLM*PCN-1002****22:B:1*Y*A*Y*Y", 2)]
    [InlineData("CLM*PCN-1002*7X5***22:B:1*Y*A*Y*Y", 2)]
    [InlineData("CLM*PCN-1002*-75***22:B:1*Y*A*Y*Y", 2)]
    public void Read_ClaimHeaderInvalid_ReportsAndSkipsClaim(string replacement, int element)
    {
        var result = Read(ReplaceSegment(Text(MultiLine), "CLM*PCN-1002*75***22:B:1*Y*A*Y*Y", replacement));

        var finding = Assert.Single(MapFindings(result));
        Assert.Equal(HipaaClaimDiagnosticCodes.ClaimHeaderInvalid, finding.Code);
        Assert.Equal(element, finding.Location.ElementPosition);
        Assert.Single(result.Claims);
    }

    [Fact]
    public void Read_ClaimWithoutLines_ReportsServiceLinesMissing()
    {
        var text = Text(MultiLine);
        text = ReplaceSegment(text, "LX*1", null, last: true);
        text = ReplaceSegment(text, "SV1*HC:99396*75*UN*1***1", null);
        text = ReplaceSegment(text, "DTP*472*D8*20251220", null);

        var result = Read(text);

        var finding = Assert.Single(MapFindings(result));
        Assert.Equal(HipaaClaimDiagnosticCodes.ServiceLinesMissing, finding.Code);
        Assert.Single(result.Claims);
    }

    [Theory]
    [InlineData("SV1*HC:99396*-75*UN*1***1", 2)]
    [InlineData("SV1*HC:99396**UN*1***1", 2)]
    [InlineData("SV1*HC:99396*75*UN****1", 4)]
    [InlineData("SV1*HC:99396*75*UN*-1***1", 4)]
    [InlineData("SV1*HC*75*UN*1***1", 1)]
    [InlineData("NTE*ADD*NO SERVICE SEGMENT", null)]
    public void Read_ServiceLineInvalid_ReportsAndSkipsClaim(string replacement, int? element)
    {
        var result = Read(ReplaceSegment(Text(MultiLine), "SV1*HC:99396*75*UN*1***1", replacement));

        var finding = Assert.Single(ClaimFindings(result));
        Assert.Equal(HipaaClaimDiagnosticCodes.ServiceLineInvalid, finding.Code);
        Assert.Equal(element, finding.Location.ElementPosition);
        Assert.Single(result.Claims);
    }

    [Theory]
    [InlineData("004010X098A1", HipaaClaimDiagnosticCodes.UnsupportedVersion)]
    [InlineData("005010X999A1", HipaaClaimDiagnosticCodes.UnknownImplementation)]
    public void Read_GuideNotMapped_ReportsUnsupportedAndCountsClaims(string version, string code)
    {
        var text = Text(MultiLine).Replace("005010X222A1", version, StringComparison.Ordinal);

        var result = Read(text);

        Assert.Equal(code, Assert.Single(MapFindings(result)).Code);
        Assert.True(result.HasUnsupportedTransactions);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void Read_Dental_MapsLinesAndSaysToothDetailIsNotCarried()
    {
        var result = ReadFile("Claims/837d-dental.x12");

        var finding = Assert.Single(MapFindings(result));
        Assert.Equal(HipaaClaimDiagnosticCodes.DentalDetailNotMapped, finding.Code);
        Assert.Equal(DiagnosticSeverity.Information, finding.Severity);
        Assert.True(result.IsValid);
        var claim = Assert.Single(result.Claims);
        Assert.Equal(ClaimType.Dental, claim.ClaimType);
        Assert.Equal(["D0120", "D1110"], claim.Lines.Select(l => l.Procedure?.Code));
        Assert.All(claim.Lines, l => Assert.Equal(ChargeCodeSet.Hcpcs, l.Procedure?.CodeSet));
        Assert.All(claim.Lines, l => Assert.Equal(1m, l.Units));
    }

    [Theory]
    [InlineData("HC", "99213", ChargeCodeSet.Cpt)]
    [InlineData("HC", "0001F", ChargeCodeSet.Cpt)]
    [InlineData("HC", "0042T", ChargeCodeSet.Cpt)]
    [InlineData("HC", "G0008", ChargeCodeSet.Hcpcs)]
    [InlineData("HC", "9921", ChargeCodeSet.Hcpcs)]
    [InlineData("AD", "D0120", ChargeCodeSet.Hcpcs)]
    [InlineData("N4", "00002143380", ChargeCodeSet.Ndc)]
    [InlineData("ER", "X1234", ChargeCodeSet.Local)]
    [InlineData("NU", "0450", ChargeCodeSet.RevenueCode)]
    public void Read_ProcedureQualifier_SelectsCodeSet(string qualifier, string code, ChargeCodeSet expected)
    {
        var result = Read(ReplaceSegment(Text(MultiLine), "SV1*HC:99396*75*UN*1***1", $"SV1*{qualifier}:{code}*75*UN*1***1"));

        Assert.Empty(result.Diagnostics);
        var line = result.Claims.Single(c => c.ClaimId.Value == "PCN-1002").Lines[0];
        Assert.Equal(new ChargeCode { CodeSet = expected, Code = code }, line.Procedure);
    }

    [Fact]
    public void Read_OtherPayerReferenceInLoop2330B_IsNotTakenAsOriginalReference()
    {
        var text = InsertAfter(Text(MultiLine), "HI*ABK:Z0000", "SBR*P*18*******CI", "NM1*IL*1*TESTPERSON*ALEX****MI*OTHER01", "NM1*PR*2*OTHER PLAN*****PI*OTHERPAYER", "REF*F8*OTHERICN");
        text = ReplaceSegment(text, "CLM*PCN-1002*75***22:B:1*Y*A*Y*Y", "CLM*PCN-1002*75***22:B:7*Y*A*Y*Y");

        var result = Read(text);

        Assert.Equal(HipaaClaimDiagnosticCodes.OriginalReferenceMissing, Assert.Single(MapFindings(result)).Code);
        Assert.Equal("PAYER02", result.Claims.Single(c => c.ClaimId.Value == "PCN-1002").Payer.Value);
    }

    [Fact]
    public void Read_LineReferencesInLaterLoops_AreNotTakenAsLineValues()
    {
        var text = InsertAfter(Text(MultiLine), "DTP*472*D8*20251220", "NM1*82*1*RENDERING*SAM****XX*1234567893", "REF*6R*NOT-THIS-ONE", "SVD*PAYER01*75*HC:99396**1", "DTP*472*D8*20240101");

        var result = Read(text);

        var line = result.Claims.Single(c => c.ClaimId.Value == "PCN-1002").Lines[0];
        Assert.Equal(new DateOnly(2025, 12, 20), line.ServiceDate);
        Assert.Null(line.LineItemControlNumber);
    }

    [Fact]
    public void Read_EnvelopeFindings_AreReturnedWithMapFindings()
    {
        var text = Text(MultiLine).Replace("SE*57*0001", "SE*99*0001", StringComparison.Ordinal);

        var result = Read(text);

        var finding = Assert.Single(result.Diagnostics);
        Assert.Equal(HipaaDiagnosticCodes.SegmentCountMismatch, finding.Code);
        Assert.Equal("SE", finding.Location.SegmentId);
        Assert.Equal(HipaaOutcome.Rejected, Assert.Single(result.Results).Outcome);
        Assert.Equal(2, result.Claims.Count());
    }

    [Fact]
    public void Read_EveryFinding_IsPositioned()
    {
        var result = ReadFile("Claims/837p-broken-hl.x12");

        Assert.All(result.Diagnostics, d =>
        {
            Assert.NotNull(d.Location.SegmentIndex);
            Assert.NotNull(d.Location.ByteOffset);
            Assert.NotNull(d.Location.SegmentPositionInTransaction);
            Assert.StartsWith("ST*0001/", d.Location.Path, StringComparison.Ordinal);
        });
    }
}
