using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using static HealthFinance.Fhir.Tests.FhirTestData;

namespace HealthFinance.Fhir.Tests.Mapping;

public sealed class RemittanceMappingTests
{
    private static Money Usd(decimal amount) => new(amount, CurrencyCode.USD);

    private static ClaimAdjustment Adj(AdjustmentGroupCode group, string reason, decimal amount) => new() { Group = group, ReasonCode = reason, Amount = Usd(amount) };

    [Fact]
    public void ExplanationOfBenefit_AdjudicationCategories_MapToCarcGroups()
    {
        var json = Eob(
            Item(1, 200m, Adjudication("submitted", 200m), Adjudication("eligible", 150m), Adjudication("deductible", 30m), Adjudication("copay", 20m), """{"category":{"coding":[{"code":"eligpercent"}]},"value":80}""", Adjudication("benefit", 80m)),
            Adjudication("submitted", 200m) + "," + Adjudication("benefit", 80m));

        var result = Parse(json);

        Assert.DoesNotContain(result.Diagnostics, d => d.Severity != Canonical.Diagnostics.DiagnosticSeverity.Information);
        var remittance = Assert.IsType<RemittanceReceived>(Assert.Single(result.Events));
        var claim = Assert.Single(remittance.Claims);
        Assert.Equal("PCN-7", claim.ClaimId.Value);
        Assert.Equal("PCCN-1", claim.PayerClaimControlNumber!.Value.Value);
        Assert.Equal(ClaimStatusCode.ProcessedAsPrimary, claim.Status);
        Assert.Equal(Usd(200m), claim.TotalCharge);
        Assert.Equal(Usd(80m), claim.Paid);
        var service = Assert.Single(claim.Services);
        Assert.Equal(Usd(150m), service.Allowed);
        Assert.Equal(
            [Adj(AdjustmentGroupCode.ContractualObligation, "45", 50m), Adj(AdjustmentGroupCode.PatientResponsibility, "1", 30m), Adj(AdjustmentGroupCode.PatientResponsibility, "3", 20m), Adj(AdjustmentGroupCode.PatientResponsibility, "2", 20m)],
            service.Adjustments.AsImmutableArray());

        // The 835 balancing rule holds: charge − adjustments = paid; patient responsibility = Σ PR.
        Assert.Equal(service.Paid, service.Charge - Money.Sum(service.Adjustments.Select(a => a.Amount), CurrencyCode.USD));
        Assert.Equal(Usd(70m), claim.PatientResponsibility);
        Assert.Equal("PAYER-1", remittance.Payer.Value);
        Assert.Equal("Plan One", remittance.PayerName);
        Assert.Equal("1234567893", remittance.PayeeNpi!.Value.Value);
        Assert.Equal(new DateOnly(2024, 1, 6), remittance.Payment.PaymentDate);
        Assert.Equal(Usd(80m), remittance.Payment.Amount);
        Assert.Equal("PCCN-1", remittance.Payment.TraceNumber);
    }

    [Fact]
    public void ExplanationOfBenefit_UnexplainedDifference_IsWarnedNotInvented()
    {
        var json = Eob(Item(1, 100m, Adjudication("eligible", 100m), Adjudication("benefit", 60m)), Adjudication("benefit", 60m));

        var result = Parse(json);

        var claim = Assert.Single(Assert.IsType<RemittanceReceived>(Assert.Single(result.Events)).Claims);
        Assert.Empty(claim.Services[0].Adjustments);
        var finding = Assert.Single(result.Diagnostics, d => d.Code == FhirDiagnosticCodes.AdjudicationUnexplained);
        Assert.Equal("ExplanationOfBenefit.item[0].adjudication", finding.Location.Path);
        Assert.Equal(Canonical.Diagnostics.DiagnosticSeverity.Warning, finding.Severity);
    }

    [Fact]
    public void ExplanationOfBenefit_CarcCodedAdjudication_IsTakenAsIs()
    {
        var carc = """{"category":{"coding":[{"system":"https://github.com/healthfinance/HealthFinance.Canonical/fhir/CodeSystem/claim-adjustment-group","code":"PI"}]},"reason":{"coding":[{"system":"https://x12.org/codes/claim-adjustment-reason-codes","code":"50"}]},"amount":{"value":40,"currency":"USD"},"value":2}""";
        var json = Eob(Item(1, 100m, Adjudication("eligible", 90m), Adjudication("benefit", 60m), carc), Adjudication("submitted", 100m));

        var claim = Assert.Single(Assert.IsType<RemittanceReceived>(Assert.Single(Parse(json).Events)).Claims);

        var adjustment = Assert.Single(claim.Services[0].Adjustments);
        Assert.Equal(new ClaimAdjustment { Group = AdjustmentGroupCode.PayerInitiatedReduction, ReasonCode = "50", Amount = Usd(40m), Quantity = 2m }, adjustment);
        Assert.Null(claim.PatientResponsibility);
    }

    [Fact]
    public void ExplanationOfBenefit_ErrorOutcome_IsADenial()
    {
        var json = Eob(Item(1, 100m, Adjudication("benefit", 0m)), Adjudication("submitted", 100m)).Replace("\"outcome\":\"complete\"", "\"outcome\":\"error\"", StringComparison.Ordinal);

        var claim = Assert.Single(Assert.IsType<RemittanceReceived>(Assert.Single(Parse(json).Events)).Claims);

        Assert.True(claim.Status.IsDenial);
    }

    [Fact]
    public void ClaimResponse_MapsToRemittance_ItemChargesFromTheClaimInTheBundle()
    {
        var json = """
            {"resourceType":"Bundle","type":"searchset","entry":[
             {"fullUrl":"http://payer.example/fhir/ClaimResponse/r1","search":{"mode":"match"},"resource":{"resourceType":"ClaimResponse","id":"r1","status":"active",
              "type":{"coding":[{"code":"professional"}]},"use":"claim","patient":{"reference":"Patient/p"},"created":"2024-02-01",
              "insurer":{"identifier":{"value":"PAYER-5"}},"request":{"reference":"Claim/c5"},"outcome":"complete",
              "item":[{"itemSequence":1,"adjudication":[{"category":{"coding":[{"code":"eligible"}]},"amount":{"value":135.57,"currency":"USD"}},
                {"category":{"coding":[{"code":"copay"}]},"amount":{"value":10.00,"currency":"USD"}},
                {"category":{"coding":[{"code":"eligpercent"}]},"value":80},
                {"category":{"coding":[{"code":"benefit"}]},"amount":{"value":90.47,"currency":"USD"}}]}],
              "total":[{"category":{"coding":[{"code":"submitted"}]},"amount":{"value":150.00,"currency":"USD"}},{"category":{"coding":[{"code":"benefit"}]},"amount":{"value":90.47,"currency":"USD"}}],
              "payment":{"type":{"coding":[{"code":"complete"}]},"date":"2024-02-03","amount":{"value":90.47,"currency":"USD"},"identifier":{"value":"CHK-88"}}}},
             {"fullUrl":"http://payer.example/fhir/Claim/c5","search":{"mode":"include"},"resource":{"resourceType":"Claim","id":"c5","identifier":[{"value":"PCN-5"}],"status":"active",
              "type":{"coding":[{"code":"professional"}]},"use":"claim","patient":{"reference":"Patient/p"},"created":"2024-01-20","provider":{"reference":"Organization/o"},
              "priority":{"coding":[{"code":"normal"}]},"insurance":[{"sequence":1,"focal":true,"coverage":{"reference":"Coverage/c"}}],
              "item":[{"sequence":1,"productOrService":{"coding":[{"system":"http://www.ama-assn.org/go/cpt","code":"99214"}]},"servicedDate":"2024-01-19","net":{"value":150.00,"currency":"USD"}}]}}]}
            """;

        var result = Parse(json);

        var remittance = Assert.Single(result.Events.OfType<RemittanceReceived>());
        Assert.Equal("CHK-88", remittance.Payment.TraceNumber);
        var claim = Assert.Single(remittance.Claims);
        Assert.Equal("PCN-5", claim.ClaimId.Value);
        Assert.Equal(Usd(150m), claim.TotalCharge);
        var service = Assert.Single(claim.Services);
        Assert.Equal(new ChargeCode { CodeSet = ChargeCodeSet.Cpt, Code = "99214" }, service.Procedure);
        Assert.Equal(Usd(150m), service.Charge);
        Assert.Equal(
            [Adj(AdjustmentGroupCode.ContractualObligation, "45", 14.43m), Adj(AdjustmentGroupCode.PatientResponsibility, "3", 10m), Adj(AdjustmentGroupCode.PatientResponsibility, "2", 35.10m)],
            service.Adjustments.AsImmutableArray());

        // The Claim itself names no NPI, so it is reported; the remittance still maps.
        Assert.Contains(result.Diagnostics, d => d.Code == FhirDiagnosticCodes.BillingProviderNpiMissing && d.Location.Path == "Bundle.entry[1].resource.provider");
    }

    [Fact]
    public void ClaimResponse_Preauthorization_MapsToNothing()
    {
        var json = """{"resourceType":"ClaimResponse","status":"active","type":{"coding":[{"code":"oral"}]},"use":"preauthorization","patient":{"reference":"Patient/1"},"created":"2024-01-01","outcome":"complete","insurer":{"display":"x"}}""";

        var result = Parse(json);

        Assert.Empty(result.Events);
        Assert.Equal(FhirDiagnosticCodes.NothingToPost, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void PaymentReconciliation_InBundle_PaysTheAdjudicationsItRefersTo()
    {
        var result = FhirParser.Parse(FhirTestData.Read("remittance-bundle.json"));

        Assert.Equal(2, result.Events.Count);
        var remittance = Assert.IsType<RemittanceReceived>(result.Events[1]);
        Assert.Equal(Usd(2436.81m), remittance.Payment.Amount);
        Assert.Equal("EFT-20240312-1", remittance.Payment.TraceNumber);
        Assert.Equal("PAYER-77", remittance.Payer.Value);
        Assert.Equal("Synthetic Health Plan", remittance.PayerName);
        Assert.Equal("Synthetic Clinic", remittance.PayeeName);
        Assert.Equal(["PCN-1001", "PCN-1002"], remittance.Claims.Select(c => c.ClaimId.Value));
        Assert.Equal("PCCN-9001", remittance.Claims[0].PayerClaimControlNumber!.Value.Value);
        Assert.Equal(2, remittance.Claims[0].Services.Count);
        var plb = Assert.Single(remittance.ProviderAdjustments);
        Assert.Equal(Usd(5m), plb.Amount);
        Assert.Equal("CS", plb.ReasonCode);
        Assert.Equal("RECOUP-17", plb.Reference);

        // BPR02 = Σ CLP04 − Σ PLB.
        Assert.Equal(remittance.Payment.Amount, Money.Sum(remittance.Claims.Select(c => c.Paid), CurrencyCode.USD) - plb.Amount);
        Assert.Contains(result.Diagnostics, d => d.Code == FhirDiagnosticCodes.PaymentDetailWithoutAdjudication && d.Location.Path == "Bundle.entry[6].resource.detail[1]");
    }

    [Fact]
    public void PaymentReconciliation_Advance_IsAProviderAdjustment()
    {
        var json = """
            {"resourceType":"PaymentReconciliation","id":"pr","status":"active","created":"2024-01-01","paymentIssuer":{"identifier":{"value":"PAYER-2"}},
             "requestor":{"identifier":{"value":"PROV-2"}},"paymentDate":"2024-01-02","paymentAmount":{"value":0,"currency":"USD"},
             "detail":[{"type":{"coding":[{"code":"advance"}]},"amount":{"value":-1500,"currency":"USD"}}]}
            """;

        var remittance = Assert.IsType<RemittanceReceived>(Assert.Single(Parse(json).Events));

        var plb = Assert.Single(remittance.ProviderAdjustments);
        Assert.Equal("AP", plb.ReasonCode);
        Assert.Equal("PROV-2", plb.Provider.Value);
        Assert.Equal(Usd(1500m), plb.Amount);
        Assert.Equal(PaymentHandlingCode.NotificationOnly, remittance.Payment.HandlingCode);
        Assert.Equal(RemittancePaymentMethod.NonPayment, remittance.Payment.Method);
        Assert.Equal("PaymentReconciliation/pr", remittance.Payment.TraceNumber);
    }

    [Fact]
    public void PaymentReconciliation_WithoutAmountOrIssuer_IsReported()
    {
        var json = """{"resourceType":"PaymentReconciliation","status":"active","created":"2024-01-01","paymentDate":"2024-01-02"}""";

        var result = Parse(json);

        Assert.Empty(result.Events);
        Assert.Contains(result.Diagnostics, d => d.Code == FhirDiagnosticCodes.AmountMissing && d.Location.Path == "PaymentReconciliation.paymentAmount");
        Assert.Contains(result.Diagnostics, d => d.Code == FhirDiagnosticCodes.PayerMissing && d.Location.Path == "PaymentReconciliation.paymentIssuer");
    }
}
