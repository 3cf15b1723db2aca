using System.Text;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.X12.Hipaa.Tests.Remittance;

/// <summary>The 835 map: fields, balancing rules, code rules and BPR payment rules, on hand-made synthetic fixtures.</summary>
public sealed class Remittance835MapTests
{
    private static RemittanceReceived Remittance(HipaaResult result) => Assert.IsType<RemittanceReceived>(Assert.Single(result.Events));

    private static string[] Body(params string[] claims) => [.. Edi835.Header(), "LX*1", .. claims];

    [Fact]
    public void Read_GoldenDomainExample_MatchesGoldenCanonicalJson()
    {
        var result = Edi835.ReadSingle(Edi835.GoldenBody());

        Assert.Equal(HipaaOutcome.Mapped, result.Outcome);
        Assert.Empty(result.Diagnostics);
        var json = CanonicalJson.Serialize(Remittance(result));
        var golden = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Remittance", "domain-3.3.canonical.json")).TrimEnd('\n');
        Assert.Equal(golden, json);
    }

    [Fact]
    public void Read_GoldenDomainExample_MapsPaymentPayerPayeeClaimsAndProviderAdjustments()
    {
        var r = Remittance(Edi835.ReadSingle(Edi835.GoldenBody()));

        Assert.Equal(PaymentHandlingCode.RemittanceOnly, r.Payment.HandlingCode);
        Assert.Equal(new Money(405.25m, CurrencyCode.USD), r.Payment.Amount);
        Assert.Equal(CreditDebitIndicator.Credit, r.Payment.CreditDebit);
        Assert.Equal(RemittancePaymentMethod.Ach, r.Payment.Method);
        Assert.Equal(new DateOnly(2024, 1, 5), r.Payment.PaymentDate);
        Assert.Equal("EFT0001", r.Payment.TraceNumber);
        Assert.Equal("1999999999", r.Payment.OriginatingCompanyId);
        Assert.Equal("P1", r.Payer.Value);
        Assert.Equal("SYNTHETIC HEALTH PLAN", r.PayerName);
        Assert.Equal("1234567893", r.PayeeNpi?.Value);
        Assert.Equal("123456789", r.PayeeTaxId?.Value);
        var pcn1 = r.Claims[0];
        Assert.Equal("PCN1", pcn1.ClaimId.Value);
        Assert.Equal(ClaimStatusCode.ProcessedAsPrimary, pcn1.Status);
        Assert.Equal(500m, pcn1.TotalCharge.Amount);
        Assert.Equal(300m, pcn1.Paid.Amount);
        Assert.Equal(50m, pcn1.PatientResponsibility?.Amount);
        Assert.Equal("12", pcn1.ClaimFilingIndicator);
        Assert.Equal("ICN1", pcn1.PayerClaimControlNumber?.Value);
        Assert.Equal([(AdjustmentGroupCode.ContractualObligation, "45", 150m), (AdjustmentGroupCode.PatientResponsibility, "1", 50m)],
            pcn1.Adjustments.Select(a => (a.Group, a.ReasonCode, a.Amount.Amount)));
        Assert.Equal(5.25m, r.Claims[1].Interest?.Amount);
        Assert.Null(r.Claims[1].PatientResponsibility);
        var l6 = r.ProviderAdjustments[0];
        Assert.Equal(("PRV1", new DateOnly(2024, 12, 31), "L6", (string?)null, -5.25m), (l6.Provider.Value, l6.FiscalPeriodDate!.Value, l6.ReasonCode, l6.Reference, l6.Amount.Amount));
        var wo = r.ProviderAdjustments[1];
        Assert.Equal(("WO", "PCN9 ICN9 EFT0001", 100m), (wo.ReasonCode, wo.Reference, wo.Amount.Amount));
    }

    [Fact]
    public void Read_ClaimFields_MapsFacilityFrequencyAndServiceLine()
    {
        var r = Remittance(Edi835.ReadSingle(Patch(Body(
            "CLP*PCN1*2*200*150*20*MC*ICN1*11*7",
            "SVC*HC:99213:25:59*200*150*0450*2",
            "DTM*472*20231201",
            "CAS*CO*45*30",
            "CAS*PR*2*20",
            "REF*6R*LINE-1",
            "AMT*B6*170"), "BPR02", "150")));

        var claim = Assert.Single(r.Claims);
        Assert.Equal(("11", "7", "MC"), (claim.FacilityTypeCode, claim.ClaimFrequencyCode, claim.ClaimFilingIndicator));
        Assert.Empty(claim.Adjustments);
        var line = Assert.Single(claim.Services);
        Assert.Equal(new ChargeCode { CodeSet = ChargeCodeSet.Cpt, Code = "99213" }, line.Procedure);
        Assert.Equal(["25", "59"], line.Modifiers);
        Assert.Equal("0450", line.RevenueCode);
        Assert.Equal(2m, line.Units);
        Assert.Equal(new DateOnly(2023, 12, 1), line.ServiceDate);
        Assert.Equal("LINE-1", line.LineItemControlNumber);
        Assert.Equal(170m, line.Allowed?.Amount);
        Assert.Equal([30m, 20m], line.Adjustments.Select(a => a.Amount.Amount));
    }

    [Theory]
    [InlineData("HC:J3490", ChargeCodeSet.Hcpcs, "J3490")]
    [InlineData("HC:99213", ChargeCodeSet.Cpt, "99213")]
    [InlineData("NU:0450", ChargeCodeSet.RevenueCode, "0450")]
    [InlineData("N4:00002143301", ChargeCodeSet.Ndc, "00002143301")]
    [InlineData("ZZ:M2200", ChargeCodeSet.Local, "M2200")]
    [InlineData("HC:0001F", ChargeCodeSet.Cpt, "0001F")]
    [InlineData("HC:9921", ChargeCodeSet.Hcpcs, "9921")]
    [InlineData("AD:D0120", ChargeCodeSet.Hcpcs, "D0120")]
    public void Read_ServiceProcedureQualifier_MapsCodeSet(string composite, ChargeCodeSet codeSet, string code)
    {
        var r = Remittance(Edi835.ReadSingle(Patch(Body("CLP*PCN1*1*100*100**12*ICN1", $"SVC*{composite}*100*100**1"), "BPR02", "100")));

        Assert.Equal(new ChargeCode { CodeSet = codeSet, Code = code }, r.Claims[0].Services[0].Procedure);
    }

    [Fact]
    public void Read_RepeatedProcedureCodes_ShareOneChargeCode_DistinctCodeSetsDoNot()
    {
        var r = Remittance(Edi835.ReadSingle(Patch(Body(
            "CLP*PCN1*1*300*300**12*ICN1",
            "SVC*HC:99213*100*100**1",
            "SVC*HC:99213:25*100*100**1",
            "SVC*ZZ:99213*100*100**1"), "BPR02", "300")));

        var services = r.Claims[0].Services;
        Assert.Same(services[0].Procedure, services[1].Procedure);
        Assert.Equal(["25"], services[1].Modifiers);
        Assert.Equal(new ChargeCode { CodeSet = ChargeCodeSet.Local, Code = "99213" }, services[2].Procedure);
    }

    // ---- balancing rules (DOMAIN 1.5) ----

    [Fact]
    public void Read_DomainVectors_BalanceAtServiceClaimAndTransactionLevel()
    {
        // DOMAIN 1.5 vectors: claim 500 − (150 + 50) = 300; line 200 − 80 = 120 (CLP 200 − 80 = 120).
        var result = Edi835.ReadSingle(Patch(Body(
            "CLP*PCN1*1*500*300*50*12*PCC-991", "CAS*CO*45*150", "CAS*PR*1*50",
            "CLP*PCN2*1*200*120*20*12*PCC-992", "SVC*HC:99213*200*120**1", "CAS*CO*45*60", "CAS*PR*3*20"), "BPR02", "420"));

        Assert.Equal(HipaaOutcome.Mapped, result.Outcome);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Read_ServiceLineUnbalanced_ReportsExpectedAndFoundAtSvc03()
    {
        var result = Edi835.ReadSingle(Patch(Body(
            "CLP*PCN1*1*200*120*20*12*ICN1", "SVC*HC:99213*200*125**1", "CAS*CO*45*60", "CAS*PR*3*20"), "BPR02", "120"));

        Assert.Equal(HipaaOutcome.Rejected, result.Outcome);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(HipaaDiagnosticCodes.ServiceLineUnbalanced, d.Code);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("Service line 1 does not balance: SVC02 200 − Σ service CAS 80 = 120 expected as SVC03, found 125.", d.Message);
        Assert.Equal("ST*0001/2100[1]/2110[1]/SVC03", d.Location.Path);
        Assert.Equal(3, d.Location.ElementPosition);
        Assert.Equal("SVC", d.Location.SegmentId);
        Assert.Single(Remittance(result).Claims);
    }

    [Fact]
    public void Read_ClaimUnbalanced_ReportsClaimAndTransactionWithAmounts()
    {
        var result = Edi835.ReadSingle(Patch(Body("CLP*PCN1*1*500*310*50*12*ICN1", "CAS*CO*45*150", "CAS*PR*1*50"), "BPR02", "300"));

        Assert.Equal(HipaaOutcome.Rejected, result.Outcome);
        Assert.Equal([HipaaDiagnosticCodes.ClaimUnbalanced, HipaaDiagnosticCodes.TransactionUnbalanced], Edi835.Codes(result));
        var claim = result.Diagnostics[0];
        Assert.Equal("Claim 1 does not balance: CLP03 500 − Σ claim CAS 200 − Σ service CAS 0 = 300 expected as CLP04, found 310.", claim.Message);
        Assert.Equal("ST*0001/2100[1]/CLP04", claim.Location.Path);
        Assert.Equal("The transaction does not balance: Σ CLP04 310 − Σ PLB 0 = 310 expected as BPR02, found 300.", result.Diagnostics[1].Message);
        Assert.Equal("ST*0001/BPR02", result.Diagnostics[1].Location.Path);
    }

    [Fact]
    public void Read_ClaimBalancedOnlyWithServiceLevelCas_IsBalanced()
    {
        var result = Edi835.ReadSingle(Patch(Body(
            "CLP*PCN1*1*300*200**12*ICN1", "CAS*OA*23*10",
            "SVC*HC:99213*100*60**1", "CAS*CO*45*40",
            "SVC*HC:99214*200*150**1", "CAS*CO*45*50"), "BPR02", "200"));

        // 300 − 10 − (40 + 50) = 200; lines 100 − 40 = 60 and 200 − 50 = 150 (claim-level CAS sits beside line CAS).
        Assert.Empty(result.Diagnostics);
        Assert.Equal(2, Remittance(result).Claims[0].Services.Count);
    }

    [Theory]
    [InlineData("405.25", new string[0])]
    [InlineData("405.26", new[] { HipaaDiagnosticCodes.TransactionUnbalanced })]
    [InlineData("500", new[] { HipaaDiagnosticCodes.TransactionUnbalanced })]
    public void Read_TransactionBalance_FollowsBprAgainstClaimsAndPlb(string bpr02, string[] codes)
    {
        var result = Edi835.ReadSingle(Patch(Edi835.GoldenBody(), "BPR02", bpr02));

        Assert.Equal(codes, Edi835.Codes(result));
    }

    [Fact]
    public void Read_PatientResponsibilityDiffersFromPr_Warns()
    {
        var result = Edi835.ReadSingle(Patch(Body("CLP*PCN1*1*500*300*40*12*ICN1", "CAS*CO*45*150", "CAS*PR*1*50"), "BPR02", "300"));

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(HipaaDiagnosticCodes.PatientResponsibilityMismatch, d.Code);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("Claim 1: CLP05 40 differs from Σ PR adjustments 50.", d.Message);
        Assert.Equal(HipaaOutcome.Mapped, result.Outcome);
    }

    [Fact]
    public void Read_InterestWithoutMatchingL6_Warns()
    {
        var body = Edi835.GoldenBody().Select(s => s == "AMT*I*5.25" ? "AMT*I*6" : s).ToArray();

        var result = Edi835.ReadSingle(body);

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(HipaaDiagnosticCodes.InterestMismatch, d.Code);
        Assert.Equal("Σ AMT*I claim interest 6 differs from the net PLB L6 interest 5.25 (L6 amounts negated).", d.Message);
    }

    // ---- reversal, denial ----

    [Fact]
    public void Read_ReversalWithNegatedCas_BalancesAndSkipsPatientResponsibilityRule()
    {
        // Original 300 (CO45 150, PR1 50), reversal −300 (CO45 −150, PR1 −50), correction 350 (CO45 100, PR1 50): net cash +50.
        var result = Edi835.ReadSingle(Patch(Body(
            "CLP*PCN1*22*-500*-300*0*12*ICN1", "CAS*CO*45*-150", "CAS*PR*1*-50",
            "CLP*PCN1*1*500*350*50*12*ICN2", "CAS*CO*45*100", "CAS*PR*1*50"), "BPR02", "50"));

        Assert.Empty(result.Diagnostics);
        var r = Remittance(result);
        Assert.True(r.Claims[0].Status.IsReversal);
        Assert.Equal(-300m, r.Claims[0].Paid.Amount);
        Assert.Equal([-150m, -50m], r.Claims[0].Adjustments.Select(a => a.Amount.Amount));
        Assert.Equal(50m, r.Claims.Sum(c => c.Paid.Amount));
    }

    [Fact]
    public void Read_ReversalWithPositiveAmounts_Warns()
    {
        var result = Edi835.ReadSingle(Patch(Body("CLP*PCN1*22*500*300*0*12*ICN1", "CAS*CO*45*200"), "BPR02", "300"));

        Assert.Equal([HipaaDiagnosticCodes.ReversalNotNegated], Edi835.Codes(result));
    }

    [Fact]
    public void Read_DenialWithZeroPayment_MapsDeniedClaim()
    {
        var result = Edi835.ReadSingle(Patch(Body("CLP*PCN1*4*250*0*0*12*ICN1", "CAS*CO*50*250", "CLP*PCN2*1*100*100**12*ICN2"), "BPR02", "100"));

        Assert.Empty(result.Diagnostics);
        var denied = Remittance(result).Claims[0];
        Assert.True(denied.Status.IsDenial);
        Assert.Equal(0m, denied.Paid.Amount);
    }

    [Fact]
    public void Read_DenialWithPayment_Warns()
    {
        var result = Edi835.ReadSingle(Patch(Body("CLP*PCN1*4*250*10*0*12*ICN1", "CAS*CO*50*240"), "BPR02", "10"));

        Assert.Equal([HipaaDiagnosticCodes.DenialWithPayment], Edi835.Codes(result));
    }

    // ---- CAS and PLB ----

    [Fact]
    public void Read_CasWithSixTriplets_MapsEveryTripletWithQuantity()
    {
        var r = Remittance(Edi835.ReadSingle(Patch(Body(
            "CLP*PCN1*1*121*100**12*ICN1", "CAS*CO*45*1*1*42*2**97*3*3*B7*4**16*5*1*18*6"), "BPR02", "100")));

        var adjustments = r.Claims[0].Adjustments;
        Assert.Equal(["45", "42", "97", "B7", "16", "18"], adjustments.Select(a => a.ReasonCode));
        Assert.Equal([1m, 2m, 3m, 4m, 5m, 6m], adjustments.Select(a => a.Amount.Amount));
        Assert.Equal([1m, null, 3m, null, 1m, null], adjustments.Select(a => a.Quantity));
    }

    [Fact]
    public void Read_CasWithSeventhTriplet_ReportsTooManyElements()
    {
        var result = Edi835.ReadSingle(Patch(Body(
            "CLP*PCN1*1*121*100**12*ICN1", "CAS*CO*45*1**42*2**97*3**B7*4**16*5**18*6**23*7"), "BPR02", "100"));

        Assert.Contains(HipaaDiagnosticCodes.TooManyElements, Edi835.Codes(result));
        Assert.Equal(20, result.Diagnostics.Single(d => d.Code == HipaaDiagnosticCodes.TooManyElements).Location.ElementPosition);
    }

    [Theory]
    [InlineData("XX", HipaaDiagnosticCodes.InvalidAdjustmentGroup)]
    [InlineData("CR", HipaaDiagnosticCodes.InvalidAdjustmentGroup)]
    public void Read_InvalidGroupCode5010_IsAnError(string group, string code)
    {
        var result = Edi835.ReadSingle(Patch(Body("CLP*PCN1*1*500*300*50*12*ICN1", $"CAS*{group}*45*150", "CAS*PR*1*50"), "BPR02", "300"));

        Assert.Equal([code], Edi835.Codes(result));
        Assert.Equal(HipaaOutcome.Rejected, result.Outcome);
        Assert.Equal("ST*0001/2100[1]/CAS01", result.Diagnostics[0].Location.Path);
        Assert.Single(Remittance(result).Claims[0].Adjustments);
    }

    [Fact]
    public void Read_CrGroupIn4010_IsAcceptedWithPartialSupportNote()
    {
        var text = Edi835.Interchange("000000001", "1", "004010X091A1", [Patch(Body("CLP*PCN1*22*-500*-300*0*12*ICN1", "CAS*CR*45*-200"), "BPR02", "-300")]);
        var result = Assert.Single(HipaaReader.Read(Edi835.Bytes(text)));

        Assert.Equal([HipaaDiagnosticCodes.PartialVersionSupport, HipaaDiagnosticCodes.NegativePayment], Edi835.Codes(result));
        Assert.Equal(AdjustmentGroupCode.CorrectionOrReversal, Remittance(result).Claims[0].Adjustments[0].Group);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("19")]
    [InlineData("25")]
    public void Read_ValidClaimStatus_HasNoFinding(string status)
    {
        var result = Edi835.ReadSingle(Patch(Body($"CLP*PCN1*{status}*100*100**12*ICN1"), "BPR02", "100"));

        Assert.Empty(result.Diagnostics);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("99")]
    public void Read_InvalidClaimStatus_IsAnErrorButStillMapped(string status)
    {
        var result = Edi835.ReadSingle(Patch(Body($"CLP*PCN1*{status}*100*100**12*ICN1"), "BPR02", "100"));

        Assert.Equal([HipaaDiagnosticCodes.InvalidClaimStatus], Edi835.Codes(result));
        Assert.False(Remittance(result).Claims[0].Status.IsKnown);
    }

    [Fact]
    public void Read_PlbWithSixPairs_MapsEveryPairAndBalances()
    {
        var result = Edi835.ReadSingle(Patch(Body("CLP*PCN1*1*100*100**12*ICN1", "AMT*I*1",
            "PLB*PRV1*20241231*WO:PCN9 ICN9*10*FB:FCN1*-20*L6*-1*72:REF72*-2*CS:X*3*J1*4"), "BPR02", "106"));

        Assert.Empty(result.Diagnostics);
        var adjustments = Remittance(result).ProviderAdjustments;
        Assert.Equal(["WO", "FB", "L6", "72", "CS", "J1"], adjustments.Select(a => a.ReasonCode));
        Assert.Equal(["PCN9 ICN9", "FCN1", null, "REF72", "X", null], adjustments.Select(a => a.Reference));
        Assert.Equal([10m, -20m, -1m, -2m, 3m, 4m], adjustments.Select(a => a.Amount.Amount));
    }

    [Fact]
    public void Read_SeveralPlbSegments_AllCountInTransactionBalance()
    {
        var result = Edi835.ReadSingle(Patch(Body("CLP*PCN1*1*100*100**12*ICN1", "PLB*PRV1*20241231*WO:PCN9*30", "PLB*PRV1*20241231*FB:F1*-30*WO:PCN8*20"), "BPR02", "80"));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(3, Remittance(result).ProviderAdjustments.Count);
    }

    [Fact]
    public void Read_InvalidPlbAmount_IsLocatedInItsPlbOccurrence()
    {
        var result = Edi835.ReadSingle(Patch(Body("CLP*PCN1*1*100*100**12*ICN1", "PLB*PRV1*20241231*WO:PCN9*30", "PLB*PRV1*20241231*WO:PCN8*x"), "BPR02", "70"));

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((HipaaDiagnosticCodes.InvalidNumber, "ST*0001/PLB[2]/PLB04"), (d.Code, d.Location.Path));
    }

    // ---- BPR payment rules (DOMAIN 1.2) ----

    [Theory]
    [InlineData("I", "0", "ACH", new[] { HipaaDiagnosticCodes.PaymentHandlingInconsistent })]
    [InlineData("C", "0", "CHK", new[] { HipaaDiagnosticCodes.PaymentHandlingInconsistent })]
    [InlineData("H", "0", "NON", new string[0])]
    [InlineData("P", "0", "ACH", new string[0])]
    [InlineData("H", "0", "ACH", new[] { HipaaDiagnosticCodes.PaymentHandlingInconsistent })]
    public void Read_ZeroPayment_FollowsHandlingCodeRules(string bpr01, string bpr02, string bpr04, string[] codes)
    {
        // A zero remittance: one denied claim, no PLB.
        string[] body = [.. Edi835.Header(bpr02, bpr01, bpr04), "LX*1", "CLP*PCN1*4*100*0*0*12*ICN1", "CAS*CO*50*100"];

        var result = Edi835.ReadSingle(body);

        Assert.Equal(codes, Edi835.Codes(result));
    }

    [Fact]
    public void Read_NotificationWithPayment_IsAnError()
    {
        string[] body = [.. Edi835.Header("100", "H", "NON"), "LX*1", "CLP*PCN1*1*100*100**12*ICN1"];

        var result = Edi835.ReadSingle(body);

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(HipaaDiagnosticCodes.PaymentHandlingInconsistent, d.Code);
        Assert.Equal("BPR01 is H (notification only) but BPR02 is 100; a notification carries no payment.", d.Message);
    }

    [Fact]
    public void Read_NegativePayment_IsAnError()
    {
        var result = Edi835.ReadSingle(Patch(Body("CLP*PCN1*22*-100*-100*0*12*ICN1", "CAS*CO*45*0"), "BPR02", "-100"));

        Assert.Equal([HipaaDiagnosticCodes.NegativePayment], Edi835.Codes(result));
    }

    [Fact]
    public void Read_ForwardBalanceToZero_IsAcceptedAsNotification()
    {
        // DOMAIN 3.3 forward-balance vector R2: claims 80, WO 200, FB −120 → BPR02 0 with H/NON.
        string[] body = [.. Edi835.Header("0", "H", "NON"), "LX*1", "CLP*PCN1*1*80*80**12*ICN1", "PLB*PRV1*20241231*WO:PCN9*200*FB:F1*-120"];

        Assert.Empty(Edi835.ReadSingle(body).Diagnostics);
    }

    // ---- element errors and identifiers ----

    [Fact]
    public void Read_MissingAndInvalidElements_AreReportedAndNoEventIsBuilt()
    {
        var body = Patch(Edi835.GoldenBody(), "BPR16", "20241301");

        var result = Edi835.ReadSingle(body);

        Assert.Equal([HipaaDiagnosticCodes.InvalidDate], Edi835.Codes(result));
        Assert.Equal("ST*0001/BPR16", result.Diagnostics[0].Location.Path);
        Assert.Empty(result.Events);
        Assert.Equal(HipaaOutcome.Rejected, result.Outcome);
    }

    [Fact]
    public void Read_InvalidAmount_IsReportedWithoutQuotingIt()
    {
        var result = Edi835.ReadSingle(Patch(Body("CLP*PCN1*1*1E2*100**12*ICN1"), "BPR02", "100"));

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(HipaaDiagnosticCodes.InvalidNumber, d.Code);
        Assert.DoesNotContain("1E2", d.Message, StringComparison.Ordinal);
        Assert.Empty(Remittance(result).Claims);
    }

    [Fact]
    public void Read_InvalidPayeeNpi_WarnsAndLeavesItOut()
    {
        var body = Edi835.GoldenBody().Select(s => s.StartsWith("N1*PE", StringComparison.Ordinal) ? "N1*PE*SYNTHETIC CLINIC*XX*1234567890" : s).ToArray();

        var result = Edi835.ReadSingle(body);

        Assert.Equal([HipaaDiagnosticCodes.InvalidIdentifier], Edi835.Codes(result));
        Assert.Null(Remittance(result).PayeeNpi);
        Assert.Equal(HipaaOutcome.Mapped, result.Outcome);
    }

    [Fact]
    public void Read_PayerWithoutN104_FallsBackToRef2UThenTrn03()
    {
        var withRef = Edi835.GoldenBody().SelectMany(s => s.StartsWith("N1*PR", StringComparison.Ordinal) ? ["N1*PR*PLAN", "REF*2U*PAYER2U"] : new[] { s }).ToArray();
        var withTrn = Edi835.GoldenBody().Select(s => s.StartsWith("N1*PR", StringComparison.Ordinal) ? "N1*PR*PLAN" : s).ToArray();

        Assert.Equal("PAYER2U", Remittance(Edi835.ReadSingle(withRef)).Payer.Value);
        Assert.Equal("1999999999", Remittance(Edi835.ReadSingle(withTrn)).Payer.Value);
    }

    [Fact]
    public void Read_CurrencyOption_MapsAmountsInThatCurrencyAndFlagsCur()
    {
        var body = Edi835.GoldenBody().SelectMany(s => s.StartsWith("TRN", StringComparison.Ordinal) ? [s, "CUR*PR*USD"] : new[] { s }).ToArray();

        var result = Assert.Single(HipaaReader.Read(Edi835.Bytes(Edi835.Single(body)), new HipaaReaderOptions { Currency = CurrencyCode.EUR }));

        Assert.Equal(CurrencyCode.EUR, Remittance(result).Currency);
        Assert.Equal([HipaaDiagnosticCodes.CurrencyMismatch], Edi835.Codes(result));
        Assert.Equal("CUR02 names currency USD; amounts are mapped in EUR.", result.Diagnostics[0].Message);
    }

    [Fact]
    public void Read_FindingLocation_PointsAtTheElementBytes()
    {
        var text = Edi835.Single(Patch(Body("CLP*PCN1*1*100*100**12*ICN1", "CLP*PCN2*1*100*90**12*ICN2"), "BPR02", "190"));
        var bytes = Edi835.Bytes(text);

        var d = Assert.Single(Assert.Single(HipaaReader.Read(bytes)).Diagnostics);

        Assert.Equal("ST*0001/2100[2]/CLP04", d.Location.Path);
        Assert.Equal(4, d.Location.ElementPosition);
        Assert.Equal(9, d.Location.SegmentPositionInTransaction);
        Assert.Equal(10, d.Location.SegmentIndex);
        Assert.StartsWith("90*", Encoding.ASCII.GetString(bytes, (int)d.Location.ByteOffset!.Value, 3), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SameInputTwice_ProducesEqualEventsWithDeterministicIds()
    {
        var bytes = Edi835.Bytes(Edi835.Single(Edi835.GoldenBody()));

        var first = Remittance(HipaaReader.Read(bytes)[0]);
        var second = Remittance(HipaaReader.Read(bytes)[0]);

        Assert.Equal(first, second);
        Assert.Equal("x12-835:000000905:905:0001:EFT0001", first.EventId);
        Assert.Equal(("000000905", "905", "0001", "ST*0001", 2L), (first.Source.InterchangeControlNumber, first.Source.GroupControlNumber, first.Source.TransactionSetControlNumber, first.Source.Position, first.Source.SegmentIndex!.Value));
    }

    /// <summary>Replaces one element of the BPR segment (e.g. <c>BPR02</c>) in a body.</summary>
    internal static string[] Patch(string[] body, string element, string value)
    {
        var position = int.Parse(element.AsSpan(3), System.Globalization.CultureInfo.InvariantCulture);
        return [.. body.Select(s =>
        {
            if (!s.StartsWith(element[..3] + "*", StringComparison.Ordinal))
            {
                return s;
            }

            var parts = s.Split('*');
            parts[position] = value;
            return string.Join('*', parts);
        })];
    }
}
